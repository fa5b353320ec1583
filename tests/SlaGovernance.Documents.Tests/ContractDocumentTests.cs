using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Validation;
using DocumentFormat.OpenXml.Wordprocessing;
using SlaGovernance.Documents.Contracts;
using SlaGovernance.Documents.Word;
using SlaGovernance.Tests;

namespace SlaGovernance.Documents.Tests;

public class ContractDocumentTests
{
    [Theory]
    [InlineData("hosting")]
    [InlineData("large")]
    [InlineData("hostile")]
    [InlineData("clauses")]
    public void Contract_opens_and_passes_the_Office_2019_validator_without_errors(string sample)
    {
        var docx = ContractDocument.Generate(Contracts.ForSample(sample));

        using var document = Contracts.Open(docx);
        var errors = new OpenXmlValidator(FileFormatVersions.Office2019).Validate(document).ToList();

        Assert.True(errors.Count == 0, string.Join("\n", errors.Select(e => $"{e.Part?.Uri} {e.Path?.XPath}: {e.Description}")));
        Assert.NotNull(document.MainDocumentPart?.Document.Body);
        Assert.NotEmpty(document.MainDocumentPart!.Document.Body!.Descendants<Paragraph>());
    }

    [Fact]
    public void Styles_part_defines_Title_and_headings_with_outline_levels()
    {
        using var document = Contracts.Open(ContractDocument.Generate(Contracts.For(AgreementSamples.Hosting())));

        var styles = document.MainDocumentPart!.StyleDefinitionsPart!.Styles!.Elements<Style>().ToDictionary(s => s.StyleId!.Value!);
        Assert.Equal(StyleValues.Paragraph, styles["Title"].Type!.Value);
        Assert.Equal(0, styles["Heading1"].StyleParagraphProperties!.OutlineLevel!.Val!.Value);
        Assert.Equal(1, styles["Heading2"].StyleParagraphProperties!.OutlineLevel!.Val!.Value);
        Assert.Equal("heading 1", styles["Heading1"].StyleName!.Val!.Value);
        var title = Body(document).Elements<Paragraph>().First();
        Assert.Equal("Title", StyleOf(title));
        Assert.Equal("Managed hosting SLA", title.InnerText);
    }

    [Fact]
    public void Headings_and_clauses_are_numbered_through_a_multilevel_decimal_list()
    {
        using var document = Contracts.Open(ContractDocument.Generate(Contracts.For(AgreementSamples.Hosting())));

        var numbering = document.MainDocumentPart!.NumberingDefinitionsPart!.Numbering!;
        var levels = numbering.Elements<AbstractNum>().Single().Elements<Level>().ToList();
        Assert.Equal(["%1.", "%1.%2", "%1.%2.%3"], levels.Select(l => l.LevelText!.Val!.Value));
        Assert.All(levels, l => Assert.Equal(NumberFormatValues.Decimal, l.NumberingFormat!.Val!.Value));
        var numId = numbering.Elements<NumberingInstance>().Single().NumberID!.Value;

        var paragraphs = Body(document).Elements<Paragraph>().ToList();
        var headings1 = paragraphs.Where(p => StyleOf(p) == "Heading1").ToList();
        var headings2 = paragraphs.Where(p => StyleOf(p) == "Heading2").ToList();
        Assert.Contains(headings1, p => p.InnerText == "Parties");
        Assert.Contains(headings1, p => p.InnerText == "Service level objectives");
        Assert.Contains(headings2, p => p.InnerText == "Maintenance windows");
        Assert.All(headings1, p => AssertNumbered(p, numId, level: 0));
        Assert.All(headings2, p => AssertNumbered(p, numId, level: 1));
        var clauses = paragraphs.Where(p => StyleOf(p) == "Clause").ToList();
        Assert.Contains(clauses, p => p.InnerText.StartsWith("Term. The agreement runs from 1 January 2027 to 31 December 2029", StringComparison.Ordinal));
        Assert.All(clauses, p => Assert.Equal(numId, p.ParagraphProperties!.NumberingProperties!.NumberingId!.Val!.Value));
        Assert.DoesNotContain(paragraphs, p => System.Text.RegularExpressions.Regex.IsMatch(p.InnerText, @"^\d+(\.\d+)*\.? "));
    }

    [Fact]
    public void Slo_table_has_a_header_and_one_row_per_objective_stating_how_it_is_measured()
    {
        var large = AgreementSamples.Large();
        using var document = Contracts.Open(ContractDocument.Generate(Contracts.For(large)));

        var table = Body(document).Elements<Table>().First();
        var rows = table.Elements<TableRow>().ToList();
        Assert.Equal(large.Slos.Count + 1, rows.Count);
        Assert.NotNull(rows[0].TableRowProperties?.GetFirstChild<TableHeader>());
        Assert.Equal(["Service", "Segment", "Metric and target", "Window", "Hours", "Measurement", "Missing data", "Priority times"],
            rows[0].Elements<TableCell>().Select(c => c.InnerText));
        Assert.Equal(
            ["Service 1", "All", "Response time: 95% of tickets within the time for their priority", "Calendar month", "Business hours",
             "Ticketing system export; passive collection; precision 1 minute; every 5 min", "Counted as down", "P1: 15 min; P2: 1 h; P3: 8 h"],
            rows[1].Elements<TableCell>().Select(c => c.InnerText));
        Assert.Equal(
            ["Service 2", "Gold", "Availability at least 99.9%", "Calendar month", "24x7",
             "Synthetic probes (vendor NOC); active probing; precision 1 minute; every 1 min", "Excluded as unknown", "—"],
            rows[2].Elements<TableCell>().Select(c => c.InnerText));
    }

    [Fact]
    public void Every_page_has_a_footer_with_the_version_and_content_hash()
    {
        var input = Contracts.For(AgreementSamples.Hosting(), version: 4);
        using var document = Contracts.Open(ContractDocument.Generate(input));

        var section = Body(document).Elements<SectionProperties>().Single();
        Assert.Single(Body(document).Descendants<SectionProperties>());
        var reference = section.Elements<FooterReference>().Single(r => r.Type!.Value == HeaderFooterValues.Default);
        var footer = (FooterPart)document.MainDocumentPart!.GetPartById(reference.Id!.Value!);
        Assert.StartsWith($"Version 4 · SHA-256 {input.ContentHash} · Page ", footer.Footer!.InnerText);
        Assert.Equal(64, input.ContentHash.Length);
        Assert.Contains(footer.Footer.Descendants<SimpleField>(), f => f.Instruction!.Value!.Trim() == "PAGE");
    }

    [Fact]
    public void Maintenance_windows_dates_and_the_generation_instant_state_their_zone()
    {
        var text = TextOf(Contracts.For(AgreementSamples.Hosting()));

        Assert.Contains("Sundays 02:00–04:00 Europe/Berlin, local time.", text);
        Assert.Contains("generated 2027-03-15 10:30 Europe/Berlin (2027-03-15 09:30 UTC)", text);
        Assert.Contains("as calendar days in Europe/Berlin", text);
        Assert.Contains("for the current term, by 30 September 2029 (Europe/Berlin)", text);
    }

    [Fact]
    public void Maintenance_window_across_midnight_names_both_days()
    {
        var window = new Domain.Agreements.MaintenanceWindow(DayOfWeek.Saturday, new TimeOnly(23, 0), 120);

        Assert.Equal("Saturdays 23:00 to Sundays 01:00 Europe/London", ContractWording.MaintenanceWindow(window, "Europe/London"));
    }

    [Fact]
    public void Money_is_shown_with_its_currency_code()
    {
        var text = TextOf(Contracts.For(AgreementSamples.Hosting()));

        Assert.Contains("The monthly fee is 12,500.00 EUR; the annual value of the agreement is 150,000.00 EUR.", text);
        Assert.Contains("capped at 30% of the monthly fee, that is 3,750.00 EUR.", text);
    }

    [Fact]
    public void Credit_tiers_table_gives_each_tier_as_percentage_and_amount()
    {
        using var document = Contracts.Open(ContractDocument.Generate(Contracts.For(AgreementSamples.Hosting())));

        var credits = Body(document).Elements<Table>().Single(t => t.InnerText.StartsWith("Attainment below", StringComparison.Ordinal));
        Assert.Equal(
            ["99.9% | 5% | 625.00 EUR", "99.5% | 10% | 1,250.00 EUR", "99% | 25% | 3,125.00 EUR"],
            credits.Elements<TableRow>().Skip(1).Select(r => string.Join(" | ", r.Elements<TableCell>().Select(c => c.InnerText))));
    }

    [Fact]
    public void Exclusions_escalation_audit_exit_and_signatures_are_stated()
    {
        var text = TextOf(Contracts.For(AgreementSamples.Hosting()));

        Assert.Contains("Force majeure. Events beyond the reasonable control of either party are excluded.", text);
        Assert.Contains("At the end of the term the agreement renews automatically for 12 months at a time, unless a party gives notice of at least 3 months", text);
        Assert.Contains("Vendor service manager", text);
        Assert.Contains("Frequency. Annually, with at least 30 days' notice.", text);
        Assert.Contains("Data. On exit the provider returns the customer's data in these formats: CSV, JSON, PostgreSQL dump.", text);
        Assert.Contains("Transition. The provider assists the transition to a successor for 90 days", text);
        Assert.Contains("For the customer: Acme Buyer GmbH", text);
        Assert.Contains("For the provider: Hosting Vendor AG", text);
        Assert.Contains("Up to 20,000 portal users.", text);
    }

    [Fact]
    public void A_typed_audit_frequency_is_stated_as_the_audit_programme_schedules_it_and_an_older_versions_text_as_it_was_written()
    {
        var hosting = AgreementSamples.Hosting();
        var typed = hosting with { AuditRights = hosting.AuditRights! with { Frequency = "Annually", FrequencyMonths = 24 } };

        Assert.Contains("Frequency. Every two years, with at least 30 days' notice.", TextOf(Contracts.For(typed)));
        Assert.Contains("Frequency. Annually, with at least 30 days' notice.", TextOf(Contracts.For(hosting)));
    }

    [Fact]
    public void Hostile_text_keeps_markup_characters_and_replaces_what_XML_forbids()
    {
        var input = Contracts.Hostile();
        using var document = Contracts.Open(ContractDocument.Generate(input));

        var title = Body(document).Elements<Paragraph>().First();
        Assert.Equal("Hostile <&>\"' \uFFFD\uFFFD\uFFFD\uFFFD \uFFFD \uFFFD title", title.InnerText);
        Assert.Equal(title.InnerText, document.PackageProperties.Title);
        var allText = string.Concat(Body(document).Descendants<Text>().Select(t => t.Text));
        Assert.DoesNotContain(allText, c => c is < '\u0020' and not ('\t' or '\n' or '\r') or '\uFFFE' or '\uFFFF' || char.IsSurrogate(c));
    }

    [Fact]
    public void Tabs_and_newlines_in_clause_text_become_Word_tabs_and_breaks()
    {
        using var document = Contracts.Open(ContractDocument.Generate(Contracts.Hostile()));

        var clause = Body(document).Elements<Paragraph>().Single(p => p.InnerText.Contains(Contracts.LongClauseMarker, StringComparison.Ordinal));
        var run = clause.Elements<Run>().Last();
        Assert.Equal(["Text", "TabChar", "Text", "Break", "Text", "Break", "Text"], run.ChildElements.Select(e => e.GetType().Name));
        Assert.True(clause.InnerText.Length > 100_000);
        Assert.DoesNotContain(clause.Descendants<Text>(), t => t.Text.Contains('\n') || t.Text.Contains('\t') || t.Text.Contains('\r'));
    }

    [Fact]
    public void Right_to_left_text_is_marked_as_such_and_left_to_right_text_is_not()
    {
        using var document = Contracts.Open(ContractDocument.Generate(Contracts.Hostile()));

        var arabic = Body(document).Elements<Paragraph>().Single(p => p.InnerText.Contains("يستثنى", StringComparison.Ordinal));
        Assert.NotNull(arabic.ParagraphProperties!.BiDi);
        Assert.NotNull(arabic.Elements<Run>().Last().RunProperties!.RightToLeftText);
        var hebrewCell = Body(document).Descendants<TableCell>().Single(c => c.InnerText == "שירות זהב");
        Assert.NotNull(hebrewCell.Descendants<RightToLeftText>().SingleOrDefault());
        var english = Body(document).Elements<Paragraph>().Single(p => p.InnerText.StartsWith("Fees.", StringComparison.Ordinal));
        Assert.Null(english.ParagraphProperties!.BiDi);
        Assert.Empty(english.Descendants<RightToLeftText>());
    }

    [Fact]
    public void Clauses_section_prints_library_clauses_filled_in_and_marks_non_standard_ones()
    {
        using var document = Contracts.Open(ContractDocument.Generate(Contracts.WithClauses()));

        var paragraphs = Body(document).Elements<Paragraph>().ToList();
        var heading = paragraphs.FindIndex(p => StyleOf(p) == "Heading1" && p.InnerText == "Clauses");
        Assert.True(heading > 0, "No Clauses section");
        var clauses = paragraphs.Skip(heading + 1).TakeWhile(p => StyleOf(p) == "Clause").Select(p => p.InnerText).ToList();
        Assert.Equal(2, clauses.Count);
        Assert.Equal("Liability: Limitation of liability. Hosting Vendor AG's liability under Managed hosting SLA is capped at twelve times 12,500.00 EUR.",
            clauses[0]);
        Assert.StartsWith("Confidentiality (non-standard clause). Our own confidentiality wording <&>", clauses[1], StringComparison.Ordinal);
    }

    [Fact]
    public void Rendered_clauses_that_are_not_the_contents_clauses_are_refused()
    {
        var input = Contracts.WithClauses();

        Assert.Throws<ArgumentException>(() => ContractDocument.Generate(input with { Clauses = [input.Clauses![1], input.Clauses[0]] }));
    }

    [Fact]
    public void Content_hash_that_does_not_match_the_content_is_refused()
    {
        var input = Contracts.For(AgreementSamples.Hosting()) with { ContentHash = new string('0', 64) };

        var error = Assert.Throws<ArgumentException>(() => ContractDocument.Generate(input));

        Assert.Contains(AgreementSamples.Hosting().ContentHash(), error.Message);
        Assert.Contains("does not match the agreement content", error.Message);
    }

    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("a\u0000b\u001Fc", "a\uFFFDb\uFFFDc")]
    [InlineData("\uD83D\uDE00 pair", "\uD83D\uDE00 pair")]
    [InlineData("tab\tnewline\n", "tab\tnewline\n")]
    public void XmlSafeText_keeps_valid_characters_and_replaces_forbidden_ones(string raw, string expected) =>
        Assert.Equal(expected, XmlSafeText.Clean(raw));

    [Fact]
    public void XmlSafeText_replaces_lone_surrogates_but_keeps_pairs()
    {
        // Built in code: attribute arguments are stored as UTF-8, which cannot carry a lone surrogate.
        var raw = string.Concat("lone ", "\uDE00", " low ", "\uD83D", " end ", "\uD83D\uDE00");

        Assert.Equal("lone \uFFFD low \uFFFD end \uD83D\uDE00", XmlSafeText.Clean(raw));
    }

    private static Body Body(WordprocessingDocument document) => document.MainDocumentPart!.Document.Body!;

    private static string? StyleOf(Paragraph paragraph) => paragraph.ParagraphProperties?.ParagraphStyleId?.Val?.Value;

    private static string TextOf(ContractInput input)
    {
        using var document = Contracts.Open(ContractDocument.Generate(input));
        return string.Join("\n", Body(document).Descendants<Paragraph>().Select(p => p.InnerText));
    }

    private static void AssertNumbered(Paragraph paragraph, int numId, int level)
    {
        var numbering = paragraph.ParagraphProperties?.NumberingProperties;
        Assert.NotNull(numbering);
        Assert.Equal(numId, numbering.NumberingId!.Val!.Value);
        Assert.Equal(level, numbering.NumberingLevelReference!.Val!.Value);
    }

    [Fact]
    public void The_credits_section_states_the_month_end_close_and_any_earn_back()
    {
        static List<string> Clauses(SlaGovernance.Domain.Agreements.AgreementContent content)
        {
            using var document = Contracts.Open(ContractDocument.Generate(Contracts.For(content)));
            return [.. document.MainDocumentPart!.Document.Body!.Elements<Paragraph>().Select(p => p.InnerText)];
        }
        var hosting = AgreementSamples.Hosting();
        var plain = Clauses(hosting);
        Assert.Contains("Month-end close. Each month is closed 5 business days after it ends; data the provider delivers by then counts in that month's report and credits.", plain);
        Assert.DoesNotContain(plain, p => p.StartsWith("Earn-back.", StringComparison.Ordinal));
        var agreed = Clauses(hosting with { CloseGraceBusinessDays = 1, EarnBack = new SlaGovernance.Domain.Agreements.EarnBack(3) });
        Assert.Contains(agreed, p => p.StartsWith("Month-end close. Each month is closed 1 business day after it ends", StringComparison.Ordinal));
        Assert.Contains("Earn-back. A credit for a month is forgiven, and not claimed or refunded, when every objective is met in each of the 3 months that follow it.", agreed);
    }
}
