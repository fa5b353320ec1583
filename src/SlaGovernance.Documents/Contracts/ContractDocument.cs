using System.Xml.Linq;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using NodaTime;
using SlaGovernance.Documents.Word;
using SlaGovernance.Domain.Agreements;
using SlaGovernance.Domain.Clauses;
using SlaGovernance.Domain.Wording;
using Money = SlaGovernance.Domain.Compliance.Money;
using static SlaGovernance.Documents.Contracts.ContractWording;

namespace SlaGovernance.Documents.Contracts;

/// <summary>The contract of an approved agreement version as a Word document, numbered and styled so Legal can work with it in Word.</summary>
public static class ContractDocument
{
    public const string ContentType = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

    public static byte[] Generate(ContractInput input)
    {
        using var stream = new MemoryStream(32 * 1024);
        WriteTo(input, stream);
        return stream.ToArray();
    }

    /// <summary>Writes the .docx to a writable, seekable stream.</summary>
    public static void WriteTo(ContractInput input, Stream stream)
    {
        var hash = CheckedHash(input);
        CheckClauses(input);
        using var document = WordprocessingDocument.Create(stream, WordprocessingDocumentType.Document);
        var (main, footerId) = CreateParts(document, input, hash);
        using var contract = new ContractBody(main);
        WriteBody(contract, input);
        contract.End(footerId);
    }

    /// <summary>The document part alone, built as a tree without the package around it, for a comparison to read without unzipping.</summary>
    internal static XDocument DocumentXml(ContractInput input)
    {
        CheckedHash(input);
        CheckClauses(input);
        var document = new XDocument();
        using (var contract = new ContractBody(document.CreateWriter()))
        {
            WriteBody(contract, input);
            contract.End(FooterPlaceholder);
        }
        return document;
    }

    /// <summary>Writes the .docx of a version with the given document part XML (from <see cref="DocumentXml"/>, as a redline changed it).</summary>
    internal static void WriteTo(ContractInput input, Stream stream, XDocument documentXml)
    {
        var hash = CheckedHash(input);
        using var document = WordprocessingDocument.Create(stream, WordprocessingDocumentType.Document);
        var (main, footerId) = CreateParts(document, input, hash);
        XNamespace r = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
        foreach (var reference in documentXml.Descendants(Word.WordRedline.W + "footerReference"))
            reference.SetAttributeValue(r + "id", footerId);
        using var output = main.GetStream(FileMode.Create, FileAccess.Write);
        documentXml.Save(output, SaveOptions.DisableFormatting);
    }

    private const string FooterPlaceholder = "footer";

    private static (MainDocumentPart Main, string FooterId) CreateParts(WordprocessingDocument document, ContractInput input, string hash)
    {
        SetProperties(document, input, hash);
        var main = document.AddMainDocumentPart();
        // The same in every contract: built once, fed as bytes rather than rebuilt and serialised per document.
        Feed(main.AddNewPart<StyleDefinitionsPart>(), StylesXml.Value);
        Feed(main.AddNewPart<NumberingDefinitionsPart>(), NumberingXml.Value);
        Feed(main.AddNewPart<DocumentSettingsPart>(), SettingsXml.Value);
        var footer = main.AddNewPart<FooterPart>();
        footer.Footer = Footer($"Version {input.Version} \u00B7 SHA-256 {hash}");
        return (main, main.GetIdOfPart(footer));
    }

    private static void WriteBody(ContractBody contract, ContractInput input)
    {
        var content = input.Content;
        WriteOpening(contract, input);
        WriteParties(contract, input);
        WriteTerm(contract, content);
        WriteObjectives(contract, content);
        WriteCredits(contract, content);
        WriteExclusions(contract, content);
        WriteEscalation(contract, content);
        WriteAssumptions(contract, content);
        WriteAuditRights(contract, content);
        WriteExit(contract, content);
        WriteClauses(contract, input);
        WriteSignatures(contract, input);
    }

    internal static readonly Lazy<byte[]> StylesXml = new(() => Serialize(ContractStyles.Create()));
    internal static readonly Lazy<byte[]> NumberingXml = new(() => Serialize(ContractNumbering.Create()));
    internal static readonly Lazy<byte[]> SettingsXml = new(() => Serialize(new Settings(new Compatibility(new CompatibilitySetting
    {
        Name = CompatSettingNameValues.CompatibilityMode,
        Uri = "http://schemas.microsoft.com/office/word",
        Val = "15",
    }))));

    private static byte[] Serialize(OpenXmlPartRootElement root)
    {
        using var buffer = new MemoryStream();
        root.Save(buffer);
        return buffer.ToArray();
    }

    internal static void Feed(OpenXmlPart part, byte[] xml)
    {
        using var source = new MemoryStream(xml, writable: false);
        part.FeedData(source);
    }

    private static string CheckedHash(ContractInput input)
    {
        ArgumentNullException.ThrowIfNull(input.Content);
        ArgumentOutOfRangeException.ThrowIfLessThan(input.Version, 1);
        var actual = input.Content.ContentHash();
        if (!string.Equals(actual, input.ContentHash?.Trim(), StringComparison.OrdinalIgnoreCase))
            throw new ArgumentException(
                $"The content hash '{input.ContentHash}' does not match the agreement content (SHA-256 {actual}); " +
                "pass the hash stored with the approved version, and the content of that same version.", nameof(input));
        return actual;
    }

    private static void CheckClauses(ContractInput input)
    {
        if (input.Clauses is { } rendered && !rendered.Select(c => c.Use).SequenceEqual(input.Content.Clauses ?? []))
            throw new ArgumentException("The rendered clauses are not the content's clauses in the same order; render them from this content.", nameof(input));
    }

    private static void SetProperties(WordprocessingDocument document, ContractInput input, string hash)
    {
        document.PackageProperties.Title = XmlSafeText.Clean(input.Content.Title);
        document.PackageProperties.Subject = Kind(input.Content.Kind);
        document.PackageProperties.Identifier = hash;
        document.PackageProperties.Version = input.Version.ToString(System.Globalization.CultureInfo.InvariantCulture);
        document.PackageProperties.Created = input.GeneratedAt.UtcDateTime;
    }

    /// <summary>A footer that names what the document is of and numbers its pages: "{lead} · Page 1 of 3".</summary>
    internal static Footer Footer(string lead) => new(new Paragraph(
        new ParagraphProperties { ParagraphStyleId = new ParagraphStyleId { Val = ContractStyles.Footer } },
        new Run(new Text($"{XmlSafeText.Clean(lead)} \u00B7 Page ") { Space = SpaceProcessingModeValues.Preserve }),
        new SimpleField(new Run(new Text("1"))) { Instruction = " PAGE " },
        new Run(new Text(" of ") { Space = SpaceProcessingModeValues.Preserve }),
        new SimpleField(new Run(new Text("1"))) { Instruction = " NUMPAGES " }));

    private static void WriteOpening(ContractBody contract, ContractInput input)
    {
        contract.Title(input.Content.Title);
        contract.Plain($"{Kind(input.Content.Kind)} between {input.BuyerName} and {input.ProviderName}.");
        contract.Plain($"Version {input.Version} of this agreement, generated {GeneratedAt(input.GeneratedAt, input.Content.TimeZone)}.");
    }

    private static string GeneratedAt(DateTimeOffset generatedAt, string zoneId)
    {
        var instant = Instant.FromDateTimeOffset(generatedAt);
        var utc = $"{instant.InUtc():yyyy-MM-dd HH:mm} UTC";
        return DateTimeZoneProviders.Tzdb.GetZoneOrNull(zoneId) is { } zone
            ? $"{instant.InZone(zone):yyyy-MM-dd HH:mm} {zone.Id} ({utc})"
            : utc;
    }

    private static void WriteParties(ContractBody contract, ContractInput input)
    {
        contract.Section("Parties");
        contract.Clause(input.BuyerName, leadIn: "Customer");
        contract.Clause($"{input.ProviderName}, represented for this agreement by {input.ProviderContact}", leadIn: "Provider");
        if (input.Content.Category is { Length: > 0 } category)
            contract.Clause(category, leadIn: "Category of service");
    }

    private static void WriteTerm(ContractBody contract, AgreementContent content)
    {
        var zone = content.TimeZone;
        var renewal = content.Renewal;
        var noticeBy = Date(renewal.NoticePeriod.SubtractFrom(content.TermEnd));
        contract.Section("Term, fees and renewal");
        contract.Clause($"The agreement runs from {Date(content.TermStart)} to {Date(content.TermEnd)}, both days included, as calendar days in {zone}.",
            leadIn: "Term");
        var fee = new Money(content.MonthlyFee, content.Currency);
        contract.Clause($"The monthly fee is {Money(fee)}; the annual value of the agreement is {Money(new Money(content.AnnualValue, content.Currency))}.",
            leadIn: "Fees");
        contract.Clause(renewal.AutoRenew
                ? $"At the end of the term the agreement renews automatically for {renewal.RenewalTerm} at a time, unless a party gives notice of at least {renewal.NoticePeriod} before the term ends; for the current term, by {noticeBy} ({zone})."
                : $"The agreement does not renew automatically; it ends on {Date(content.TermEnd)}. A party wishing to renew says so at least {renewal.NoticePeriod} before the term ends; for the current term, by {noticeBy} ({zone}).",
            leadIn: "Renewal");
    }

    private static void WriteObjectives(ContractBody contract, AgreementContent content)
    {
        var slos = content.Slos ?? [];
        contract.Section("Service level objectives");
        contract.Clause($"The provider meets the {slos.Count} objectives below, each measured as stated. Business hours are those of the customer's business calendar in {content.TimeZone}.");
        contract.Table(
            ["Service", "Segment", "Metric and target", "Window", "Hours", "Measurement", "Missing data", "Priority times"],
            [1300, 800, 1700, 950, 850, 2038, 1000, 1000],
            slos.Select(slo => (IReadOnlyList<string>)
            [
                slo.Service, slo.Segment ?? "All", Objective(slo), Window(slo), Hours(slo), Measurement(slo.Measurement),
                MissingData(slo.MissingData), PriorityTimes(slo.PriorityTargets),
            ]));
    }

    private static void WriteCredits(ContractBody contract, AgreementContent content)
    {
        var fee = new Money(content.MonthlyFee, content.Currency);
        var tiers = content.Credits.Tiers ?? [];
        contract.Section("Service credits");
        if (tiers.Count == 0)
            contract.Clause("No service credits apply.");
        else
        {
            contract.Clause($"When an objective's attainment for a month falls below a threshold, the provider credits the percentage of the monthly fee ({Money(fee)}) shown; the lowest threshold reached applies.");
            contract.Table(
                ["Attainment below", "Credit (% of monthly fee)", "Credit per month"],
                [3200, 3200, 3238],
                tiers.Select(tier => (IReadOnlyList<string>) [Percent(tier.BelowAttainment), Percent(tier.CreditPercent), Money(fee.PercentOf(tier.CreditPercent))]));
        }
        foreach (var slo in content.Slos ?? [])
        {
            var name = $"{slo.Service}{(slo.Segment is { } segment ? $" ({segment})" : "")}, {slo.Metric.Label().ToLowerInvariant()}";
            if (slo.CreditTiers is { Count: > 0 } own)
                contract.Clause($"Instead of the tiers above, this objective earns " +
                    string.Join("; ", own.Select(t => $"{Percent(t.CreditPercent)} of the monthly fee ({Money(fee.PercentOf(t.CreditPercent))}) below {Percent(t.BelowAttainment)}")) +
                    "; the lowest threshold reached applies.", leadIn: name);
            else if (slo.AgreementTiersAboveTarget(content.Credits) is { Count: > 0 } above)
                contract.Clause($"The tiers with thresholds above this objective's target ({string.Join(", ", above.Select(t => $"below {Percent(t.BelowAttainment)}"))}) " +
                    (slo.TiersUnder(content.Credits).Count == 0 ? "do not apply to it, so it earns no service credit." : "do not apply to it; it earns credits only by the others."),
                    leadIn: name);
        }
        contract.Clause($"Credits for one month are capped at {Percent(content.Credits.MonthlyCapPercent)} of the monthly fee, that is {Money(fee.PercentOf(content.Credits.MonthlyCapPercent))}.",
            leadIn: "Cap");
        contract.Clause(content.Credits.ExcludedTime == ExcludedTimeTreatment.CountsAsAvailable
                ? "Time excluded under the exclusions and maintenance windows below counts as available time when attainment is calculated."
                : "Time excluded under the exclusions and maintenance windows below is removed from the measurement period before attainment is calculated.",
            leadIn: "Excluded time");
        if (content.EarnBack is { } earnBack && tiers.Count + (content.Slos ?? []).Sum(s => s.CreditTiers?.Count ?? 0) > 0)
            contract.Clause($"A credit for a month is forgiven, and not claimed or refunded, when every objective is met in each of the {earnBack.Periods} month" +
                $"{(earnBack.Periods == 1 ? "" : "s")} that follow it.", leadIn: "Earn-back");
        var grace = content.EffectiveCloseGraceBusinessDays;
        contract.Clause($"Each month is closed {grace} business day{(grace == 1 ? "" : "s")} after it ends; data the provider delivers by then counts in that month's " +
            "report and credits.", leadIn: "Month-end close");
    }

    private static void WriteExclusions(ContractBody contract, AgreementContent content)
    {
        contract.Section("Exclusions and maintenance");
        contract.SubSection("Exclusions");
        var exclusions = content.Exclusions ?? [];
        if (exclusions.Count == 0)
            contract.Clause("No exclusions apply.", level: 2);
        foreach (var exclusion in exclusions)
            contract.Clause(exclusion.ClauseText, leadIn: ExclusionType(exclusion.Type), level: 2);

        contract.SubSection("Maintenance windows");
        var windows = content.MaintenanceWindows ?? [];
        if (windows.Count == 0)
            contract.Clause("No recurring maintenance windows are agreed.", level: 2);
        foreach (var window in windows)
            contract.Clause($"{MaintenanceWindow(window, content.TimeZone)}, local time.", level: 2);
    }

    private static void WriteEscalation(ContractBody contract, AgreementContent content)
    {
        var levels = content.Escalation ?? [];
        contract.Section("Escalation");
        if (levels.Count == 0)
        {
            contract.Clause("No escalation path is agreed beyond the provider's service desk.");
            return;
        }
        contract.Clause("An incident that is not resolved is escalated through the levels below, each from the time shown after the incident is reported.");
        contract.Table(["Level", "Contact", "Applies after"], [1500, 5138, 3000],
            levels.Select(level => (IReadOnlyList<string>) [level.Level.ToString(System.Globalization.CultureInfo.InvariantCulture), level.Contact, level.AfterMinutes == 0 ? "Immediately" : Duration(level.AfterMinutes)]));
    }

    private static void WriteAssumptions(ContractBody contract, AgreementContent content)
    {
        contract.Section("Assumptions");
        var assumptions = content.Assumptions ?? [];
        if (assumptions.Count == 0)
            contract.Clause("The objectives rest on no stated assumptions.");
        foreach (var assumption in assumptions)
            contract.Clause(assumption);
    }

    private static void WriteAuditRights(ContractBody contract, AgreementContent content)
    {
        contract.Section("Audit rights");
        if (content.AuditRights is not { } audit)
        {
            contract.Clause("This agreement grants no specific audit rights.");
            return;
        }
        contract.Clause($"{audit.Described}, with at least {audit.NoticeDays} days' notice.", leadIn: "Frequency");
        contract.Clause(audit.Scope, leadIn: "Scope");
        contract.Clause(audit.RawDataAccess
                ? "The customer may obtain the raw measurement data behind every reported figure."
                : "Raw measurement data is not made available; reports are provided in aggregate.",
            leadIn: "Raw data");
    }

    private static void WriteExit(ContractBody contract, AgreementContent content)
    {
        contract.Section("Exit and data portability");
        if (content.Exit is not { } exit)
        {
            contract.Clause("No exit terms are agreed.");
            return;
        }
        contract.Clause(exit.DataFormats.Count > 0
                ? $"On exit the provider returns the customer's data in these formats: {string.Join(", ", exit.DataFormats)}."
                : "On exit the provider returns the customer's data in a format the parties agree at the time.",
            leadIn: "Data");
        contract.Clause($"The provider assists the transition to a successor for {exit.TransitionAssistanceDays} days after the agreement ends.",
            leadIn: "Transition");
        contract.Clause(exit.DeletionCertificate
                ? "The provider deletes the customer's data after the transition and certifies the deletion in writing."
                : "No certificate of deletion is required.",
            leadIn: "Deletion");
    }

    private static void WriteClauses(ContractBody contract, ContractInput input)
    {
        var clauses = input.Clauses ?? (input.Content.Clauses ?? []).Select(use => new RenderedClause(use, null, use.IsNonStandard
            ? use.Text ?? ""
            : $"Version {use.LibraryVersion} of library clause {use.LibraryClauseId} applies.")).ToList();
        if (clauses.Count == 0)
            return;
        contract.Section("Clauses");
        foreach (var clause in clauses)
            contract.Clause(clause.Text, leadIn: clause.IsNonStandard ? $"{clause.Use.Category} (non-standard clause)"
                : clause.LibraryTitle is { } title ? $"{clause.Use.Category}: {title}" : clause.Use.Category);
    }

    internal static void WriteSignatures(ContractBody contract, ContractInput input)
    {
        contract.Section("Signatures");
        contract.Clause("Signed for and on behalf of the parties. Each signatory writes the date with its time zone.");
        const string line = "______________________________";
        contract.Table(
            [$"For the customer: {input.BuyerName}", $"For the provider: {input.ProviderName}"],
            [4819, 4819],
            [
                [$"Signature: {line}", $"Signature: {line}"],
                [$"Name: {line}", $"Name: {line}"],
                [$"Position: {line}", $"Position: {line}"],
                [$"Date and zone: {line}", $"Date and zone: {line}"],
            ],
            borders: false);
    }
}
