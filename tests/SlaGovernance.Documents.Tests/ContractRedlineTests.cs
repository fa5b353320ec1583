using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Validation;
using DocumentFormat.OpenXml.Wordprocessing;
using SlaGovernance.Documents.Contracts;
using SlaGovernance.Documents.Word;
using SlaGovernance.Domain.Agreements;
using SlaGovernance.Tests;

namespace SlaGovernance.Documents.Tests;

public class ContractRedlineTests
{
    private static readonly RevisionMark Mark = new("Lena Legal", new DateTimeOffset(2027, 6, 1, 8, 15, 0, TimeSpan.FromHours(2)));

    /// <summary>A base version and a proposed one: changed, added and removed clauses, objectives, tables and hostile text.</summary>
    public static (ContractInput Base, ContractInput Proposed) Versions(string name)
    {
        var hosting = AgreementSamples.Hosting();
        switch (name)
        {
            case "hosting":
                var amended = hosting with
                {
                    MonthlyFee = 13_000m,
                    Slos = [hosting.Slos[0] with { Target = 99.95m }, hosting.Slos[1], hosting.Slos[0] with { Service = "Backup restore", Segment = null }],
                    Exclusions =
                    [
                        hosting.Exclusions![0],
                        new Exclusion(ExclusionType.ForceMajeure, "Events beyond the reasonable control of either party, such as floods, are excluded."),
                        new Exclusion(ExclusionType.ThirdParty, "Outages of the public cloud region are excluded."),
                    ],
                    Assumptions = hosting.Assumptions!.Skip(1).ToList(),
                };
                return (Contracts.For(hosting, version: 3), Contracts.For(amended, version: 4));
            case "removals":
                var cut = hosting with
                {
                    Slos = [hosting.Slos[1]],
                    Credits = hosting.Credits with { Tiers = [] },
                    Exclusions = [],
                    AuditRights = null,
                };
                return (Contracts.For(hosting, version: 3), Contracts.For(cut, version: 4));
            case "large":
                return (Contracts.For(AgreementSamples.Large(), version: 3), Contracts.For(AgreementSamples.LargeAmended(), version: 4));
            case "hostile":
                var hostile = Contracts.Hostile();
                var content = hostile.Content;
                var changed = content with
                {
                    Title = content.Title.Replace("Hostile", "Hostile & amended", StringComparison.Ordinal),
                    Exclusions =
                    [
                        content.Exclusions![0] with { ClauseText = content.Exclusions[0].ClauseText.Replace("tabbed", "<tabbed & \"quoted\">", StringComparison.Ordinal) },
                        content.Exclusions[1] with { ClauseText = "يستثنى انقطاع الخدمة الناتج عن مزودي الطاقة" },
                        content.Exclusions[2],
                    ],
                    Assumptions = [.. content.Assumptions!, "Assumption \u0002 with \U0001F600 and \u202Eright-to-left override"],
                    Clauses = [content.Clauses![0] with { Text = content.Clauses[0].Text!.Replace("line y", "line z", StringComparison.Ordinal) }, content.Clauses[1]],
                };
                return (hostile, hostile with { Content = changed, Version = 8, ContentHash = changed.ContentHash() });
            case "wordy":
                // More word changes than the diff traces (1,000), so the paragraph's middle is replaced whole.
                var words = Enumerable.Range(0, 3_000).Select(i => $"w{i}").ToList();
                var before = hosting with { Assumptions = [string.Join(' ', words)] };
                var after = hosting with { Assumptions = [string.Join(' ', Enumerable.Reverse(words))] };
                return (Contracts.For(before, version: 3), Contracts.For(after, version: 4));
            default:
                throw new ArgumentOutOfRangeException(nameof(name), name, "Use hosting, removals, large, hostile or wordy.");
        }
    }

    [Theory]
    [InlineData("hosting")]
    [InlineData("removals")]
    [InlineData("large")]
    [InlineData("hostile")]
    [InlineData("wordy")]
    public void Accepting_every_change_gives_the_proposed_contract_and_rejecting_every_change_the_base(string sample)
    {
        var (baseVersion, proposed) = Versions(sample);

        using var redline = Contracts.Open(ContractRedline.Generate(baseVersion, proposed, Mark));

        AssertValid(redline);
        var body = Body(redline);
        Assert.NotEmpty(body.Descendants<InsertedRun>());
        Assert.Equal(ParagraphsOf(ContractDocument.Generate(proposed)), TrackedChanges.Accepted(body));
        Assert.Equal(ParagraphsOf(ContractDocument.Generate(baseVersion)), TrackedChanges.Rejected(body));
        var footer = body.Elements<SectionProperties>().Single().Elements<FooterReference>().Single();
        Assert.StartsWith($"Version {proposed.Version} \u00B7 SHA-256 {proposed.ContentHash} \u00B7 Page ",
            ((FooterPart)redline.MainDocumentPart!.GetPartById(footer.Id!.Value!)).Footer!.InnerText, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("hosting")]
    [InlineData("removals")]
    [InlineData("hostile")]
    public void A_redline_through_the_organisations_template_accepts_to_the_proposed_and_rejects_to_the_base(string sample)
    {
        var (baseVersion, proposed) = Versions(sample);
        var template = ContractTemplateTests.Template();

        using var redline = Contracts.Open(ContractRedline.Generate(template, baseVersion, proposed, Mark));

        AssertValid(redline);
        var body = Body(redline);
        Assert.NotEmpty(body.Descendants<InsertedRun>().Concat<OpenXmlElement>(body.Descendants<DeletedRun>()));
        Assert.Equal(ParagraphsOf(ContractTemplate.Fill(template, proposed)), TrackedChanges.Accepted(body));
        Assert.Equal(ParagraphsOf(ContractTemplate.Fill(template, baseVersion)), TrackedChanges.Rejected(body));
    }

    [Fact]
    public void A_template_paragraph_with_a_bookmark_a_hyperlink_and_a_field_keeps_them_and_marks_the_runs_inside_the_hyperlink()
    {
        byte[] template;
        using (var stream = new MemoryStream())
        {
            using (var document = WordprocessingDocument.Create(stream, WordprocessingDocumentType.Document))
            {
                static SdtRun Field(string tag) => new(new SdtProperties(new Tag { Val = tag }), new SdtContentRun(new Run(new Text($"[{tag}]"))));
                document.AddMainDocumentPart().Document = new Document(new Body(
                    new Paragraph(
                        new BookmarkStart { Id = "0", Name = "_GoBack" },
                        new Run(new Text("Contract ") { Space = SpaceProcessingModeValues.Preserve }),
                        new Hyperlink(Field("title")) { Anchor = "terms" },
                        new BookmarkEnd { Id = "0" },
                        new Run(new Text(" for ") { Space = SpaceProcessingModeValues.Preserve }),
                        Field("monthlyFee"),
                        new SimpleField(new Run(new Text("1"))) { Instruction = " PAGE " }),
                    new SectionProperties()));
            }
            template = stream.ToArray();
        }
        var (baseVersion, proposed) = Versions("hosting");
        proposed = proposed with { Content = proposed.Content with { Title = "Managed hosting SLA, amended" } };
        proposed = proposed with { ContentHash = proposed.Content.ContentHash() };

        using var redline = Contracts.Open(ContractRedline.Generate(template, baseVersion, proposed, Mark));

        AssertValid(redline);
        var body = Body(redline);
        var paragraph = body.Elements<Paragraph>().Single();
        Assert.Single(paragraph.Elements<BookmarkStart>());
        Assert.Single(paragraph.Elements<SimpleField>());
        Assert.Equal(["Managed hosting SLA", "Managed hosting SLA, amended"], paragraph.Elements<Hyperlink>().Select(h => TrackedChanges.TextOf(h)));
        Assert.Equal(["Contract Managed hosting SLA, amended for 13,000.00 EUR1"], TrackedChanges.Accepted(body));
        Assert.Equal(["Contract Managed hosting SLA for 12,500.00 EUR1"], TrackedChanges.Rejected(body));
    }

    [Fact]
    public void A_changed_target_and_a_reworded_exclusion_are_marked_word_by_word_inside_their_paragraphs()
    {
        var (baseVersion, proposed) = Versions("hosting");
        using var redline = Contracts.Open(ContractRedline.Generate(baseVersion, proposed, Mark));
        var body = Body(redline);

        var target = body.Descendants<TableCell>().Single(c => TrackedChanges.TextOf(c).StartsWith("Availability at least 99.9", StringComparison.Ordinal)
                                                               && c.Descendants<DeletedRun>().Any());
        Assert.Equal("99.9", Assert.Single(target.Descendants<DeletedRun>()).InnerText);
        Assert.Equal("99.95", Assert.Single(target.Descendants<InsertedRun>()).InnerText);
        Assert.Contains(target.Descendants<Text>(), t => t.Text.StartsWith("Availability at least", StringComparison.Ordinal));

        var exclusion = body.Elements<Paragraph>().Single(p => TrackedChanges.TextOf(p).StartsWith("Force majeure. Events beyond", StringComparison.Ordinal));
        Assert.Null(exclusion.ParagraphProperties!.ParagraphMarkRunProperties);
        Assert.Equal(", such as floods,", string.Concat(exclusion.Descendants<InsertedRun>().Select(r => r.InnerText)));
        Assert.Empty(exclusion.Descendants<DeletedRun>());
        Assert.Contains(exclusion.Elements<Run>(), r => r.RunProperties?.Bold is not null && r.InnerText == "Force majeure. ");

        var fee = body.Elements<Paragraph>().Single(p => TrackedChanges.TextOf(p).StartsWith("Fees. The monthly fee is", StringComparison.Ordinal));
        Assert.Equal(["12,500.00"], fee.Descendants<DeletedRun>().Select(r => r.InnerText.Trim()));
        Assert.Equal(["13,000.00"], fee.Descendants<InsertedRun>().Select(r => r.InnerText.Trim()));
    }

    [Fact]
    public void Added_and_removed_clauses_and_objectives_are_tracked_as_whole_paragraphs_and_rows()
    {
        var (baseVersion, proposed) = Versions("hosting");
        using var redline = Contracts.Open(ContractRedline.Generate(baseVersion, proposed, Mark));
        var body = Body(redline);

        var added = body.Elements<Paragraph>().Single(p => TrackedChanges.TextOf(p).Contains("Outages of the public cloud region", StringComparison.Ordinal));
        Assert.NotNull(added.ParagraphProperties!.ParagraphMarkRunProperties!.GetFirstChild<Inserted>());
        Assert.Empty(added.Elements<Run>());
        var removed = body.Elements<Paragraph>().Single(p => TrackedChanges.TextOf(p) == "Up to 20,000 portal users.");
        Assert.NotNull(removed.ParagraphProperties!.ParagraphMarkRunProperties!.GetFirstChild<Deleted>());
        Assert.Empty(removed.Descendants<Text>());

        var newRow = body.Descendants<TableRow>().Single(r => TrackedChanges.TextOf(r).StartsWith("Backup restore", StringComparison.Ordinal));
        Assert.NotNull(newRow.TableRowProperties!.GetFirstChild<Inserted>());
        Assert.All(newRow.Descendants<Run>(), r => Assert.IsType<InsertedRun>(r.Parent));

        var (cutBase, cut) = Versions("removals");
        using var removals = Contracts.Open(ContractRedline.Generate(cutBase, cut, Mark));
        var gone = Body(removals).Descendants<TableRow>().Single(r => TrackedChanges.TextOf(r).StartsWith("Customer portal", StringComparison.Ordinal));
        Assert.NotNull(gone.TableRowProperties!.GetFirstChild<Deleted>());
        var creditTable = Body(removals).Elements<Table>().Single(t => TrackedChanges.TextOf(t).StartsWith("Attainment below", StringComparison.Ordinal));
        Assert.All(creditTable.Elements<TableRow>(), r => Assert.NotNull(r.TableRowProperties!.GetFirstChild<Deleted>()));
    }

    [Fact]
    public void Unchanged_clauses_carry_no_revision_and_every_revision_names_its_author_date_and_own_id()
    {
        var (baseVersion, proposed) = Versions("large");
        using var redline = Contracts.Open(ContractRedline.Generate(baseVersion, proposed, Mark));
        var body = Body(redline);

        var revisions = body.Descendants().Where(e => e is InsertedRun or DeletedRun or Inserted or Deleted or ParagraphPropertiesChange).ToList();
        Assert.All(revisions, r =>
        {
            Assert.Equal("Lena Legal", r.GetAttribute("author", r.NamespaceUri).Value);
            Assert.Equal("2027-06-01T06:15:00Z", r.GetAttribute("date", r.NamespaceUri).Value);
        });
        Assert.Equal(revisions.Count, revisions.Select(r => r.GetAttribute("id", r.NamespaceUri).Value).Distinct().Count());
        var changedParagraphs = body.Descendants<Paragraph>().Count(p => p.Descendants<InsertedRun>().Any() || p.Descendants<DeletedRun>().Any());
        // Five target cells, two exclusions, and the opening line that names the version.
        Assert.Equal(8, changedParagraphs);
        Assert.Equal(["3"], body.Descendants<DeletedRun>().Select(r => r.InnerText).Where(t => t.Length == 1));
    }

    [Fact]
    public void Hostile_text_survives_in_both_directions_and_a_100000_character_word_is_replaced_as_one_word()
    {
        var (baseVersion, proposed) = Versions("hostile");
        using var redline = Contracts.Open(ContractRedline.Generate(baseVersion, proposed, Mark));
        var body = Body(redline);

        var clause = body.Elements<Paragraph>().Single(p => TrackedChanges.TextOf(p).Contains(Contracts.LongClauseMarker, StringComparison.Ordinal));
        Assert.Equal(100_000, Assert.Single(clause.Descendants<DeletedRun>()).InnerText.Length);
        Assert.StartsWith("z", Assert.Single(clause.Descendants<InsertedRun>()).InnerText, StringComparison.Ordinal);
        var arabic = body.Elements<Paragraph>().Single(p => TrackedChanges.TextOf(p).Contains("يستثنى", StringComparison.Ordinal));
        Assert.NotNull(arabic.ParagraphProperties!.BiDi);
        Assert.Equal("الطرف الثالث", string.Concat(arabic.Descendants<DeletedRun>().Select(r => r.InnerText)));
        Assert.All(arabic.Descendants<InsertedRun>().SelectMany(r => r.Elements<Run>()), r => Assert.NotNull(r.RunProperties?.RightToLeftText));
        Assert.Contains(TrackedChanges.Accepted(body), p => p.Contains("<tabbed & \"quoted\">", StringComparison.Ordinal));
        Assert.Contains(TrackedChanges.Accepted(body), p => p.Contains("\uFFFD with \U0001F600 and \u202Eright-to-left override", StringComparison.Ordinal));
    }

    [Fact]
    public void A_proposed_version_that_does_not_follow_the_base_is_refused_and_a_change_needs_an_author()
    {
        var (baseVersion, proposed) = Versions("hosting");

        var error = Assert.Throws<ArgumentException>(() => ContractRedline.Generate(proposed, baseVersion, Mark));

        Assert.Contains("must come after the base version (4)", error.Message);
        Assert.Throws<ArgumentException>(() => new RevisionMark(" \t ", DateTimeOffset.UnixEpoch));
    }

    private static List<string> ParagraphsOf(byte[] docx)
    {
        using var document = Contracts.Open(docx);
        return TrackedChanges.Paragraphs(Body(document));
    }

    private static Body Body(WordprocessingDocument document) => document.MainDocumentPart!.Document.Body!;

    private static void AssertValid(WordprocessingDocument document)
    {
        var errors = new OpenXmlValidator(FileFormatVersions.Office2019).Validate(document).ToList();
        Assert.True(errors.Count == 0, string.Join("\n", errors.Take(20).Select(e => $"{e.Part?.Uri} {e.Path?.XPath}: {e.Description}")));
    }
}
