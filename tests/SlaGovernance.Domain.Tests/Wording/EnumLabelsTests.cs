using SlaGovernance.Domain.Agreements;
using SlaGovernance.Domain.Wording;

namespace SlaGovernance.Domain.Tests.Wording;

public sealed class EnumLabelsTests
{
    /// <summary>Every enum of the domain, and the week days of maintenance windows: the values pages can show.</summary>
    public static TheoryData<Type> EnumsShownOnPages()
    {
        var data = new TheoryData<Type>();
        foreach (var type in typeof(AgreementContent).Assembly.GetExportedTypes().Where(t => t.IsEnum).OrderBy(t => t.FullName, StringComparer.Ordinal))
            data.Add(type);
        data.Add(typeof(DayOfWeek));
        return data;
    }

    [Theory]
    [MemberData(nameof(EnumsShownOnPages))]
    public void Every_value_of_an_enum_shown_on_pages_has_words(Type type)
    {
        var unlabelled = Enum.GetValues(type).Cast<Enum>().Where(v => !EnumLabels.HasLabel(v)).Select(v => v.ToString()).ToList();
        Assert.True(unlabelled.Count == 0, $"{type.FullName} has no label for {string.Join(", ", unlabelled)}: add it to EnumLabels.");
    }

    [Fact]
    public void Code_names_read_as_words()
    {
        Assert.Equal("Vendor SLA", AgreementKind.VendorSla.Label());
        Assert.Equal("Calendar month", WindowKind.CalendarMonth.Label());
        Assert.Equal("Excluded as unknown", MissingDataPolicy.ExcludedAsUnknown.Label());
        Assert.Equal("Third party", ExclusionType.ThirdParty.Label());
    }
}
