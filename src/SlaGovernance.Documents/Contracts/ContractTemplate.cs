using System.Globalization;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using SlaGovernance.Documents.Word;
using SlaGovernance.Domain.Agreements;
using Money = SlaGovernance.Domain.Compliance.Money;
using static SlaGovernance.Documents.Contracts.ContractWording;

namespace SlaGovernance.Documents.Contracts;

/// <summary>
/// An organisation's own Word template: content controls tagged with field names (title, provider, termEnd, …) get the
/// agreement's values; a content control tagged with a list's name (slos, creditTiers, exclusions, maintenance,
/// escalation, assumptions), typically around a table row, is repeated once per item, its inner controls tagged
/// "slos.service", "slos.target" and so on. The filled document has no content controls left, only their text, in the
/// template's own formatting.
/// </summary>
public static class ContractTemplate
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>The single-value fields a template may use, with what each holds.</summary>
    public static readonly IReadOnlyDictionary<string, string> Fields = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["title"] = "The agreement's title",
        ["kind"] = "Service level agreement, internal SLA or OLA",
        ["buyer"] = "The organisation",
        ["provider"] = "The vendor or internal provider",
        ["providerContact"] = "Who represents the provider",
        ["category"] = "The category of service",
        ["owner"] = "The agreement's owner",
        ["costCentre"] = "The cost centre",
        ["version"] = "The approved version's number",
        ["contentHash"] = "SHA-256 of the approved content",
        ["generatedAt"] = "When the contract was generated, in the agreement's zone and UTC",
        ["termStart"] = "First day of the term",
        ["termEnd"] = "Last day of the term",
        ["timeZone"] = "The agreement's IANA time zone",
        ["renewal"] = "The renewal terms in a sentence",
        ["noticePeriod"] = "The notice period",
        ["monthlyFee"] = "The monthly fee with its currency",
        ["annualValue"] = "The annual value with its currency",
        ["currency"] = "The currency code",
        ["creditCap"] = "The monthly credit cap as a percentage and an amount",
        ["excludedTime"] = "How excluded time counts",
        ["closeGrace"] = "The business days after a month's end before it is closed (late data counts until then)",
        ["earnBack"] = "The earn-back term in a sentence",
        ["auditRights"] = "The audit rights in a sentence",
        ["exit"] = "The exit terms in a sentence",
    };

    /// <summary>The lists a template may repeat, each with the fields of one item.</summary>
    public static readonly IReadOnlyDictionary<string, IReadOnlyList<string>> Lists = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal)
    {
        ["slos"] = ["service", "segment", "objective", "target", "window", "hours", "measurement", "missingData", "priorityTimes"],
        ["creditTiers"] = ["below", "credit", "amount"],
        ["exclusions"] = ["type", "text"],
        ["maintenance"] = ["window"],
        ["escalation"] = ["level", "contact", "after"],
        ["assumptions"] = ["text"],
        ["clauses"] = ["category", "title", "text", "standing"],
    };

    /// <summary>
    /// What is wrong with an uploaded template, in words a person can act on; empty when it can be used. A template
    /// must be a Word document with at least one known content control and no tags this system does not know.
    /// </summary>
    public static IReadOnlyList<string> Check(byte[] template)
    {
        var problems = new List<string>();
        try
        {
            using var stream = new MemoryStream(template, writable: false);
            using var document = WordprocessingDocument.Open(stream, false);
            if (document.MainDocumentPart?.Document?.Body is null)
                return ["The file is a Word package without a document body."];
            var tags = Controls(document).Select(TagOf).OfType<string>().ToList();
            if (tags.Count == 0)
                problems.Add("The template has no tagged content controls, so nothing of the agreement would appear in it. " +
                              "Add content controls (Developer tab) and set each one's Tag to a field name such as title or provider.");
            foreach (var unknown in tags.Where(t => !IsKnown(t)).Distinct(StringComparer.Ordinal))
                problems.Add($"The content control tag '{unknown}' is not a field this system fills. Known fields: {string.Join(", ", Fields.Keys)}; " +
                             $"lists: {string.Join(", ", Lists.Select(l => $"{l.Key} ({string.Join(", ", l.Value.Select(f => $"{l.Key}.{f}"))})"))}.");
        }
        catch (Exception e) when (e is OpenXmlPackageException or InvalidDataException or System.Xml.XmlException or FileFormatException)
        {
            problems.Add($"The file is not a Word (.docx) document: {e.Message}");
        }
        return problems;
    }

    /// <summary>The template filled for one approved version.</summary>
    public static byte[] Fill(byte[] template, ContractInput input)
    {
        var values = Values(input);
        var lists = ListItems(input.Content);
        lists["clauses"] = Clauses(input);
        using var stream = new MemoryStream();
        stream.Write(template);
        stream.Position = 0;
        using (var document = WordprocessingDocument.Open(stream, true))
        {
            foreach (var root in Roots(document))
            {
                foreach (var repeated in root.Descendants<SdtElement>().Where(s => TagOf(s) is { } tag && Lists.ContainsKey(tag)).ToList())
                    Repeat(repeated, lists[TagOf(repeated)!]);
                foreach (var control in root.Descendants<SdtElement>().Reverse().ToList())
                {
                    if (TagOf(control) is { } tag && values.TryGetValue(tag, out var value))
                        SetText(control, value);
                    Unwrap(control);
                }
            }
            document.PackageProperties.Title = XmlSafeText.Clean(input.Content.Title);
            document.PackageProperties.Identifier = input.ContentHash;
            document.PackageProperties.Version = input.Version.ToString(Invariant);
        }
        return stream.ToArray();
    }

    private static bool IsKnown(string tag) =>
        Fields.ContainsKey(tag) || Lists.ContainsKey(tag)
        || (tag.Split('.', 2) is [var list, var field] && Lists.TryGetValue(list, out var fields) && fields.Contains(field));

    private static IEnumerable<OpenXmlElement> Roots(WordprocessingDocument document)
    {
        var main = document.MainDocumentPart!;
        yield return main.Document.Body!;
        foreach (var header in main.HeaderParts)
            yield return header.Header;
        foreach (var footer in main.FooterParts)
            yield return footer.Footer;
    }

    private static IEnumerable<SdtElement> Controls(WordprocessingDocument document) => Roots(document).SelectMany(r => r.Descendants<SdtElement>());

    private static string? TagOf(SdtElement control) => control.SdtProperties?.GetFirstChild<Tag>()?.Val?.Value?.Trim();

    /// <summary>One copy of the control per item, its inner controls filled with that item's values; no items leave nothing.</summary>
    private static void Repeat(SdtElement control, IReadOnlyList<IReadOnlyDictionary<string, string>> items)
    {
        foreach (var item in items)
        {
            var copy = (SdtElement)control.CloneNode(true);
            foreach (var inner in copy.Descendants<SdtElement>().ToList())
            {
                if (TagOf(inner) is { } tag && item.TryGetValue(tag, out var value))
                    SetText(inner, value);
            }
            control.InsertBeforeSelf(copy);
        }
        control.Remove();
    }

    /// <summary>Replaces what the control shows with the text, keeping the formatting of its first run and paragraph.</summary>
    private static void SetText(SdtElement control, string text)
    {
        var content = control.Elements().FirstOrDefault(e => e is SdtContentRun or SdtContentBlock or SdtContentCell or SdtContentRow);
        if (content is null)
            return;
        var runProperties = content.Descendants<RunProperties>().FirstOrDefault()?.CloneNode(true) as RunProperties;
        // Word shows an empty control's prompt in its grey "Placeholder Text" style; the value must not inherit it.
        if (runProperties?.RunStyle?.Val?.Value == "PlaceholderText")
            runProperties.RunStyle.Remove();
        Run NewRun()
        {
            var run = WordText.Run(text);
            if (runProperties is not null && run.RunProperties is null)
                run.PrependChild((RunProperties)runProperties.CloneNode(true));
            return run;
        }
        switch (content)
        {
            case SdtContentRun:
                content.RemoveAllChildren();
                content.AppendChild(NewRun());
                break;
            case SdtContentBlock or SdtContentCell:
                // The first paragraph keeps its style and carries the text; any other paragraphs of the placeholder go.
                var paragraphs = content.Descendants<Paragraph>().ToList();
                if (paragraphs.Count == 0)
                    return;
                var first = paragraphs[0];
                foreach (var other in paragraphs.Skip(1))
                    other.Remove();
                foreach (var child in first.ChildElements.Where(c => c is not ParagraphProperties).ToList())
                    child.Remove();
                first.AppendChild(NewRun());
                break;
        }
    }

    /// <summary>Puts the control's content in its place, so the contract has text, not fields.</summary>
    private static void Unwrap(SdtElement control)
    {
        if (control.Parent is null)
            return;
        var content = control.Elements().FirstOrDefault(e => e is SdtContentRun or SdtContentBlock or SdtContentCell or SdtContentRow);
        foreach (var child in content?.ChildElements.ToList() ?? [])
        {
            child.Remove();
            control.InsertBeforeSelf(child);
        }
        control.Remove();
    }

    private static Dictionary<string, string> Values(ContractInput input)
    {
        var content = input.Content;
        var fee = new Money(content.MonthlyFee, content.Currency);
        var renewal = content.Renewal;
        return new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["title"] = content.Title,
            ["kind"] = Kind(content.Kind),
            ["buyer"] = input.BuyerName,
            ["provider"] = input.ProviderName,
            ["providerContact"] = input.ProviderContact,
            ["category"] = content.Category ?? "",
            ["owner"] = content.Owner ?? "",
            ["costCentre"] = content.CostCentre ?? "",
            ["version"] = input.Version.ToString(Invariant),
            ["contentHash"] = input.ContentHash,
            ["generatedAt"] = $"{input.GeneratedAt.UtcDateTime:yyyy-MM-dd HH:mm} UTC",
            ["termStart"] = Date(content.TermStart),
            ["termEnd"] = Date(content.TermEnd),
            ["timeZone"] = content.TimeZone,
            ["renewal"] = renewal.AutoRenew
                ? $"Renews automatically for {renewal.RenewalTerm} at a time unless notice is given at least {renewal.NoticePeriod} before the term ends."
                : $"Does not renew automatically; renewal is requested at least {renewal.NoticePeriod} before the term ends.",
            ["noticePeriod"] = renewal.NoticePeriod.ToString(),
            ["monthlyFee"] = Money(fee),
            ["annualValue"] = Money(new Money(content.AnnualValue, content.Currency)),
            ["currency"] = content.Currency,
            ["creditCap"] = $"{Percent(content.Credits.MonthlyCapPercent)} of the monthly fee ({Money(fee.PercentOf(content.Credits.MonthlyCapPercent))})",
            ["excludedTime"] = content.Credits.ExcludedTime == ExcludedTimeTreatment.CountsAsAvailable
                ? "Excluded time counts as available time."
                : "Excluded time is removed from the measurement period.",
            ["closeGrace"] = $"{content.EffectiveCloseGraceBusinessDays} business day{(content.EffectiveCloseGraceBusinessDays == 1 ? "" : "s")}",
            ["earnBack"] = content.EarnBack is { } earnBack
                ? $"A credit for a month is forgiven when every objective is met in each of the {earnBack.Periods} month{(earnBack.Periods == 1 ? "" : "s")} that follow it."
                : "Credits are not earned back.",
            ["auditRights"] = content.AuditRights is { } audit
                ? $"{audit.Described}, with at least {audit.NoticeDays} days' notice; scope: {audit.Scope}; raw data access: {(audit.RawDataAccess ? "yes" : "no")}."
                : "No specific audit rights.",
            ["exit"] = content.Exit is { } exit
                ? $"Data returned as {string.Join(", ", exit.DataFormats)}; transition assistance for {exit.TransitionAssistanceDays} days; " +
                  (exit.DeletionCertificate ? "deletion certified in writing." : "no deletion certificate.")
                : "No exit terms are agreed.",
        };
    }

    /// <summary>The clauses as rendered from the library (or their own text when non-standard), or cited when not rendered.</summary>
    private static IReadOnlyList<IReadOnlyDictionary<string, string>> Clauses(ContractInput input)
    {
        var uses = input.Content.Clauses ?? [];
        return uses.Select((use, i) =>
        {
            var rendered = input.Clauses is { } all && i < all.Count ? all[i] : null;
            var text = rendered?.Text ?? use.Text ?? $"Library clause {use.LibraryClauseId}, version {use.LibraryVersion}.";
            return (IReadOnlyDictionary<string, string>)new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["clauses.category"] = use.Category,
                ["clauses.title"] = rendered?.LibraryTitle ?? use.Category,
                ["clauses.text"] = text,
                ["clauses.standing"] = use.IsNonStandard ? "Non-standard clause" : $"Standard clause, version {use.LibraryVersion}",
            };
        }).ToList();
    }

    private static Dictionary<string, IReadOnlyList<IReadOnlyDictionary<string, string>>> ListItems(AgreementContent content)
    {
        var fee = new Money(content.MonthlyFee, content.Currency);
        static IReadOnlyDictionary<string, string> Item(string list, params (string Field, string Value)[] values) =>
            values.ToDictionary(v => $"{list}.{v.Field}", v => v.Value, StringComparer.Ordinal);
        return new(StringComparer.Ordinal)
        {
            ["slos"] = (content.Slos ?? []).Select(slo => Item("slos", ("service", slo.Service), ("segment", slo.Segment ?? "All"),
                ("objective", Objective(slo)), ("target", Percent(slo.Target)), ("window", Window(slo)), ("hours", Hours(slo)),
                ("measurement", Measurement(slo.Measurement)), ("missingData", MissingData(slo.MissingData)),
                ("priorityTimes", PriorityTimes(slo.PriorityTargets)))).ToList(),
            ["creditTiers"] = (content.Credits.Tiers ?? []).Select(t => Item("creditTiers", ("below", Percent(t.BelowAttainment)),
                ("credit", Percent(t.CreditPercent)), ("amount", Money(fee.PercentOf(t.CreditPercent))))).ToList(),
            ["exclusions"] = (content.Exclusions ?? []).Select(e => Item("exclusions", ("type", ExclusionType(e.Type)), ("text", e.ClauseText))).ToList(),
            ["maintenance"] = (content.MaintenanceWindows ?? []).Select(w => Item("maintenance", ("window", MaintenanceWindow(w, content.TimeZone)))).ToList(),
            ["escalation"] = (content.Escalation ?? []).Select(l => Item("escalation", ("level", l.Level.ToString(Invariant)), ("contact", l.Contact),
                ("after", l.AfterMinutes == 0 ? "Immediately" : Duration(l.AfterMinutes)))).ToList(),
            ["assumptions"] = (content.Assumptions ?? []).Select(a => Item("assumptions", ("text", a))).ToList(),
        };
    }
}
