using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Validation;
using DocumentFormat.OpenXml.Wordprocessing;
using SlaGovernance.Documents.Contracts;

namespace SlaGovernance.Documents.Tests;

public class AmendmentDocumentTests
{
    private static AmendmentInput Amendment(string sample, string? reason = "Stronger portal availability and a cloud exclusion")
    {
        var (baseVersion, proposed) = ContractRedlineTests.Versions(sample);
        return new AmendmentInput(2, baseVersion, proposed, new DateOnly(2027, 7, 1), reason);
    }

    [Fact]
    public void The_amendment_names_the_base_version_and_its_hash_gives_each_changed_clause_in_full_and_ends_with_signatures()
    {
        var input = Amendment("hosting");
        using var document = Contracts.Open(AmendmentDocument.Generate(input));

        Assert.Empty(new OpenXmlValidator(FileFormatVersions.Office2019).Validate(document));
        var paragraphs = TrackedChanges.Paragraphs(document.MainDocumentPart!.Document.Body!);
        Assert.Equal("Amendment No. 2 to Managed hosting SLA", paragraphs[0]);
        Assert.Contains($"Base contract. This amendment amends version 3 of the agreement, whose content has the SHA-256 hash {input.BaseVersion.ContentHash}.", paragraphs);
        Assert.Contains(paragraphs, p => p.StartsWith("Effective date. Once both parties have signed, the agreement as amended, version 4", StringComparison.Ordinal)
                                         && p.Contains("governs from 1 July 2027 (Europe/Berlin)", StringComparison.Ordinal));
        Assert.Contains("Reason. Stronger portal availability and a cloud exclusion", paragraphs);
        AssertFollowedBy(paragraphs, "Clause 2.2 is replaced by the following:",
            "Fees. The monthly fee is 13,000.00 EUR; the annual value of the agreement is 150,000.00 EUR.");
        AssertFollowedBy(paragraphs, "Clause 5.1.2 is replaced by the following:",
            "Force majeure. Events beyond the reasonable control of either party, such as floods, are excluded.");
        Assert.EndsWith("Outages of the public cloud region are excluded.", After(paragraphs, "A new clause is inserted after clause 5.1.2:"), StringComparison.Ordinal);
        AssertFollowedBy(paragraphs, "Clause 7.1 is deleted. It read:", "Up to 20,000 portal users.");
        Assert.StartsWith("Customer portal | Gold | Availability at least 99.95% | ",
            After(paragraphs, "In the table of section 3 (Service level objectives), the row \u201CCustomer portal\u201D is replaced by the following:"), StringComparison.Ordinal);
        Assert.StartsWith("Backup restore | All | Availability at least 99.9% | ",
            After(paragraphs, "In the table of section 3 (Service level objectives), a row is added:"), StringComparison.Ordinal);
        Assert.DoesNotContain(paragraphs, p => p.Contains("Clause 2.1 ", StringComparison.Ordinal) || p.Contains("row \u201CService desk\u201D", StringComparison.Ordinal));
        Assert.Contains("For the customer: Acme Buyer GmbH", paragraphs);
        Assert.StartsWith($"Amendment No. 2 to version 3 \u00B7 SHA-256 {input.BaseVersion.ContentHash} \u00B7 Page ",
            document.MainDocumentPart.FooterParts.Single().Footer!.InnerText, StringComparison.Ordinal);
    }

    [Fact]
    public void Removed_objectives_and_a_removed_credit_table_are_listed_with_what_they_read()
    {
        var changes = AmendmentDocument.Changes(Amendment("removals"));

        Assert.Contains(changes, c => c.Instruction == "In the table of section 3 (Service level objectives), the row \u201CCustomer portal\u201D is deleted. It read:"
                                      && c.Text!.StartsWith("Customer portal | Gold | Availability at least 99.9%", StringComparison.Ordinal));
        Assert.Contains(changes, c => c.Instruction == "In the table of section 4 (Service credits), the row \u201C99.9%\u201D is deleted. It read:");
        Assert.Contains(changes, c => c.Instruction.StartsWith("A new clause is inserted after clause", StringComparison.Ordinal) && c.Text == "No exclusions apply.");
    }

    [Fact]
    public void Hostile_text_stays_valid_and_an_amendment_that_changes_nothing_is_refused()
    {
        using var document = Contracts.Open(AmendmentDocument.Generate(Amendment("hostile", reason: "Reason <&> \u0001 \u05E2\u05D1\u05E8\u05D9\u05EA")));
        Assert.Empty(new OpenXmlValidator(FileFormatVersions.Office2019).Validate(document));

        var (baseVersion, _) = ContractRedlineTests.Versions("hosting");
        var error = Assert.Throws<ArgumentException>(() => AmendmentDocument.Generate(new AmendmentInput(1, baseVersion, baseVersion with { Version = 4 }, new DateOnly(2027, 7, 1))));
        Assert.Contains("changes no clause of version 3", error.Message);
    }

    private static string After(List<string> paragraphs, string instruction)
    {
        var index = paragraphs.IndexOf(instruction);
        Assert.True(index >= 0, $"No paragraph reads \"{instruction}\". The amendment reads:\n{string.Join("\n", paragraphs)}");
        return paragraphs[index + 1];
    }

    private static void AssertFollowedBy(List<string> paragraphs, string instruction, string text) => Assert.Equal(text, After(paragraphs, instruction));
}
