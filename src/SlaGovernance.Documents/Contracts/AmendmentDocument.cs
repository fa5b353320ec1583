using System.Globalization;
using System.Xml.Linq;
using DocumentFormat.OpenXml.Packaging;
using SlaGovernance.Documents.Word;
using static SlaGovernance.Documents.Contracts.ContractWording;

namespace SlaGovernance.Documents.Contracts;

/// <summary>
/// What an amendment is printed from: its number among the agreement's amendments, the governing version it amends, the
/// version it makes, and the day that version governs from in the agreement's zone.
/// </summary>
/// <param name="Reason">Why the agreement changes, as the change request states it; left out when empty.</param>
public sealed record AmendmentInput(int Number, ContractInput BaseVersion, ContractInput Amended, DateOnly EffectiveDate, string? Reason = null);

/// <summary>
/// A numbered amendment as a Word document for both parties to sign: it names the base contract's version and SHA-256,
/// gives each changed clause of that contract in full by its number there (deleted clauses and removed table rows with
/// what they read, inserted ones with where they go), and ends with a signature block. The changes are those the
/// redline of the two versions shows, in the built-in layout's numbering.
/// </summary>
public static class AmendmentDocument
{
    public const string ContentType = ContractDocument.ContentType;

    private static readonly XNamespace W = WordRedline.W;

    /// <summary>One line of the amendment: what happens to which clause, and the clause's text in full when it has one.</summary>
    public sealed record ClauseChange(string Instruction, string? Text);

    public static byte[] Generate(AmendmentInput input)
    {
        var changes = Changes(input);
        if (changes.Count == 0)
            throw new ArgumentException(
                $"Version {input.Amended.Version} changes no clause of version {input.BaseVersion.Version}; an amendment needs at least one changed clause.",
                nameof(input));
        var baseVersion = input.BaseVersion;
        var content = input.Amended.Content;
        using var stream = new MemoryStream(16 * 1024);
        using (var document = WordprocessingDocument.Create(stream, DocumentFormat.OpenXml.WordprocessingDocumentType.Document))
        {
            document.PackageProperties.Title = XmlSafeText.Clean($"Amendment No. {input.Number} to {content.Title}");
            document.PackageProperties.Subject = "Amendment";
            document.PackageProperties.Identifier = input.Amended.ContentHash;
            document.PackageProperties.Version = input.Amended.Version.ToString(CultureInfo.InvariantCulture);
            document.PackageProperties.Created = input.Amended.GeneratedAt.UtcDateTime;
            var main = document.AddMainDocumentPart();
            ContractDocument.Feed(main.AddNewPart<StyleDefinitionsPart>(), ContractDocument.StylesXml.Value);
            ContractDocument.Feed(main.AddNewPart<NumberingDefinitionsPart>(), ContractDocument.NumberingXml.Value);
            ContractDocument.Feed(main.AddNewPart<DocumentSettingsPart>(), ContractDocument.SettingsXml.Value);
            var footer = main.AddNewPart<FooterPart>();
            footer.Footer = ContractDocument.Footer(
                $"Amendment No. {input.Number} to version {baseVersion.Version} \u00B7 SHA-256 {baseVersion.ContentHash.Trim().ToLowerInvariant()}");

            using var body = new ContractBody(main);
            body.Title($"Amendment No. {input.Number} to {content.Title}");
            body.Plain($"{Kind(content.Kind)} between {input.Amended.BuyerName} and {input.Amended.ProviderName}.");
            body.Section("Amendment");
            body.Clause($"This amendment amends version {baseVersion.Version} of the agreement, whose content has the SHA-256 hash " +
                        $"{baseVersion.ContentHash.Trim().ToLowerInvariant()}.", leadIn: "Base contract");
            body.Clause($"Once both parties have signed, the agreement as amended, version {input.Amended.Version} (SHA-256 " +
                        $"{input.Amended.ContentHash.Trim().ToLowerInvariant()}), governs from {Date(input.EffectiveDate)} ({content.TimeZone}).",
                leadIn: "Effective date");
            if (!string.IsNullOrWhiteSpace(input.Reason))
                body.Clause(input.Reason, leadIn: "Reason");
            body.Section("Changed clauses");
            body.Clause("The base contract changes as follows; clause numbers are those of the base contract, and each changed clause is given in full.");
            foreach (var change in changes)
            {
                body.Clause(change.Instruction, level: 2);
                if (change.Text is { } text)
                    body.Plain(text);
            }
            body.Section("Other terms");
            body.Clause("All other terms of the base contract remain unchanged and in force.");
            ContractDocument.WriteSignatures(body, input.Amended);
            body.End(main.GetIdOfPart(footer));
        }
        return stream.ToArray();
    }

    /// <summary>The changed clauses and table rows of the base contract, in its order and by its numbers.</summary>
    public static IReadOnlyList<ClauseChange> Changes(AmendmentInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentOutOfRangeException.ThrowIfLessThan(input.Number, 1);
        if (input.Amended.Version <= input.BaseVersion.Version)
            throw new ArgumentException(
                $"The amended version ({input.Amended.Version}) must come after the base version ({input.BaseVersion.Version}).", nameof(input));
        var amended = ContractDocument.DocumentXml(input.Amended);
        WordRedline.Compare(ContractDocument.DocumentXml(input.BaseVersion), amended, new RevisionMark("amendment", input.Amended.GeneratedAt));
        return new ChangeReader().Read(amended.Root!.Element(W + "body")!);
    }

    /// <summary>Walks a redlined contract body numbering its paragraphs as the base contract and as the amended one do.</summary>
    private sealed class ChangeReader
    {
        private readonly int[] _old = new int[3];
        private readonly int[] _new = new int[3];
        private readonly List<ClauseChange> _changes = [];
        private string? _lastOld;
        private string _section = "";

        public List<ClauseChange> Read(XElement body)
        {
            foreach (var block in body.Elements())
            {
                if (block.Name == W + "p")
                    Paragraph(block);
                else if (block.Name == W + "tbl")
                    Table(block);
            }
            return _changes;
        }

        private void Paragraph(XElement paragraph)
        {
            if (LevelOf(paragraph) is not { } level)
                return;
            var inserted = MarkIs(paragraph, "ins");
            var deleted = MarkIs(paragraph, "del");
            var oldNumber = inserted ? null : Advance(_old, level);
            if (!deleted)
                Advance(_new, level);
            var noun = level == 0 ? "Section" : "Clause";
            if (inserted)
                _changes.Add(new ClauseChange(_lastOld is null
                    ? $"A new {noun.ToLowerInvariant()} is inserted at the start of the contract:"
                    : $"A new {noun.ToLowerInvariant()} is inserted after {(_lastOld.Contains('.') ? "clause" : "section")} {_lastOld}:", Text(paragraph, amended: true)));
            else if (deleted)
                _changes.Add(new ClauseChange($"{noun} {oldNumber} is deleted. It read:", Text(paragraph, amended: false)));
            else if (HasRevisions(paragraph))
                _changes.Add(new ClauseChange($"{noun} {oldNumber} is replaced by the following:", Text(paragraph, amended: true)));
            if (level == 0 && !inserted)
                _section = $"section {oldNumber} ({Text(paragraph, amended: false)})";
            _lastOld = oldNumber ?? _lastOld;
        }

        private void Table(XElement table)
        {
            foreach (var row in table.Elements(W + "tr"))
            {
                var rowMark = row.Element(W + "trPr")?.Elements().Select(e => e.Name.LocalName).ToList() ?? [];
                var oldCells = string.Join(" | ", row.Elements(W + "tc").Select(c => Text(c, amended: false)));
                var newCells = string.Join(" | ", row.Elements(W + "tc").Select(c => Text(c, amended: true)));
                var key = row.Elements(W + "tc").FirstOrDefault() is { } first ? Text(first, amended: false) : "";
                if (rowMark.Contains("ins"))
                    _changes.Add(new ClauseChange($"In the table of {_section}, a row is added:", newCells));
                else if (rowMark.Contains("del"))
                    _changes.Add(new ClauseChange($"In the table of {_section}, the row \u201C{key}\u201D is deleted. It read:", oldCells));
                else if (HasRevisions(row))
                    _changes.Add(new ClauseChange($"In the table of {_section}, the row \u201C{key}\u201D is replaced by the following:", newCells));
            }
        }

        private static string Advance(int[] counters, int level)
        {
            counters[level]++;
            for (var deeper = level + 1; deeper < counters.Length; deeper++)
                counters[deeper] = 0;
            return level == 0
                ? counters[0].ToString(CultureInfo.InvariantCulture)
                : string.Join(".", counters.Take(level + 1).Select(c => c.ToString(CultureInfo.InvariantCulture)));
        }

        private static int? LevelOf(XElement paragraph) =>
            paragraph.Element(W + "pPr")?.Element(W + "numPr")?.Element(W + "ilvl")?.Attribute(W + "val")?.Value is { } level
            && int.TryParse(level, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value is >= 0 and < 3
                ? value
                : null;

        private static bool MarkIs(XElement paragraph, string revision) =>
            paragraph.Element(W + "pPr")?.Element(W + "rPr")?.Element(W + revision) is not null;

        private static bool HasRevisions(XElement element) =>
            element.Descendants().Any(e => e.Name == W + "ins" || e.Name == W + "del");

        /// <summary>The text as the amended contract (every change accepted) or the base contract (every change rejected) reads.</summary>
        private static string Text(XElement element, bool amended) => string.Concat(element.Descendants().Select(e =>
        {
            if (amended ? e.Ancestors(W + "del").Any() : e.Ancestors(W + "ins").Any())
                return "";
            return e.Name.LocalName switch
            {
                "t" or "delText" => e.Value,
                "tab" when e.Parent?.Name == W + "r" => "\t",
                "br" or "cr" => "\n",
                _ => "",
            };
        }));
    }
}
