using DocumentFormat.OpenXml.Wordprocessing;

namespace SlaGovernance.Documents.Word;

/// <summary>One multi-level decimal list, "1." for sections, "1.1" for clauses and "1.1.1" for sub-clauses, so Word renumbers as clauses move.</summary>
public static class ContractNumbering
{
    public const int ClauseListId = 1;

    public static readonly string[] LevelTexts = ["%1.", "%1.%2", "%1.%2.%3"];

    public static NumberingProperties Properties(int level) =>
        new(new NumberingLevelReference { Val = level }, new NumberingId { Val = ClauseListId });

    public static Numbering Create()
    {
        var abstractNum = new AbstractNum(new MultiLevelType { Val = MultiLevelValues.Multilevel }) { AbstractNumberId = 0 };
        for (var level = 0; level < LevelTexts.Length; level++)
        {
            var indent = 567 * (level + 1);
            abstractNum.Append(new Level(
                new StartNumberingValue { Val = 1 },
                new NumberingFormat { Val = NumberFormatValues.Decimal },
                new LevelText { Val = LevelTexts[level] },
                new LevelJustification { Val = LevelJustificationValues.Left },
                new PreviousParagraphProperties(new Indentation { Left = indent.ToString(System.Globalization.CultureInfo.InvariantCulture), Hanging = "567" }))
            { LevelIndex = level });
        }
        return new Numbering(abstractNum, new NumberingInstance(new AbstractNumId { Val = 0 }) { NumberID = ClauseListId });
    }
}
