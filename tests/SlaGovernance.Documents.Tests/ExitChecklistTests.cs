using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Validation;
using DocumentFormat.OpenXml.Wordprocessing;
using SlaGovernance.Documents.Exits;

namespace SlaGovernance.Documents.Tests;

public class ExitChecklistTests
{
    [Fact]
    public void The_checklist_has_a_row_per_item_with_who_when_and_evidence_and_passes_the_validator()
    {
        var checklist = ExitChecklist.Generate(new ExitChecklistInput("Acme Buyer GmbH", "Hosting SLA", "Hosting Vendor AG", new DateOnly(2027, 12, 31),
            "Europe/Berlin", "started by hand by vera: moving in-house",
            [
                new ExitChecklistItem("Data returned by the vendor", "Hosting Vendor AG", new DateTimeOffset(2027, 1, 5, 12, 0, 0, TimeSpan.Zero),
                    "customers.csv (SHA-256 ab12)"),
                new ExitChecklistItem("Revoke the vendor's access: revoked", null, null, null),
            ], new DateOnly(2028, 1, 1)));
        using var document = Contracts.Open(checklist);
        Assert.Empty(new OpenXmlValidator(FileFormatVersions.Office2019).Validate(document));
        var rows = document.MainDocumentPart!.Document!.Body!.Descendants<TableRow>().Select(r => r.Elements<TableCell>().Select(c => c.InnerText).ToList()).ToList();
        Assert.Equal(["Item", "Who", "When (UTC)", "Evidence"], rows[0]);
        Assert.Equal(["Data returned by the vendor", "Hosting Vendor AG", "2027-01-05 12:00", "customers.csv (SHA-256 ab12)"], rows[1]);
        Assert.Equal(["Revoke the vendor's access: revoked", "—", "—", "—"], rows[2]);
        Assert.Contains("The agreement ends on 31 December 2027 (Europe/Berlin)", document.MainDocumentPart.Document.Body.InnerText);
    }
}
