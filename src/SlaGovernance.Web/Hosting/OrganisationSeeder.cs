using System.Security.Cryptography;
using System.Text;
using SlaGovernance.Data;
using SlaGovernance.Data.Audit;
using SlaGovernance.Data.Identity;
using SlaGovernance.Data.Organisation;
using SlaGovernance.Domain.Identity;
using SlaGovernance.Domain.Vendors;
using SlaGovernance.Web.Features.Vendors;
using SlaGovernance.Web.Identity;

namespace SlaGovernance.Web.Hosting;

/// <summary>
/// Gives an empty database its organisation, and then either the demo (a user per role, some vendors and a clause library, logins printed
/// once) or a first administrator from configuration.
/// </summary>
public sealed class OrganisationSeeder(
    Database database,
    OrganisationStore organisations,
    UserStore users,
    AuditLog audit,
    UserAdministration administration,
    VendorCommands vendorCommands,
    Features.Calendars.CalendarCommands calendarCommands,
    SlaGovernance.Data.Calendars.BusinessCalendarStore calendars,
    Features.Clauses.ClauseCommands clauseCommands,
    TimeProvider time,
    ILogger<OrganisationSeeder> logger)
{
    private static readonly (string UserName, string DisplayName, string Role)[] DemoUsers =
    [
        ("admin", "Ada Admin", Roles.Admin),
        ("procurement", "Priya Procurement", Roles.Procurement),
        ("legal", "Leo Legal", Roles.Legal),
        ("finance", "Fatima Finance", Roles.Finance),
        ("board", "Bruno Board", Roles.GovernanceBoard),
        ("board2", "Beatrix Board", Roles.GovernanceBoard),
        ("procurement2", "Pavel Procurement", Roles.Procurement),
        ("vendormanager", "Vera VendorManager", Roles.VendorManager),
        ("auditor", "Aditya Auditor", Roles.Auditor),
        ("infosec", "Ines InformationSecurity", Roles.InformationSecurity),
    ];

    private static readonly VendorInput[] DemoVendors =
    [
        new("Contoso Cloud Hosting", "Dana Reyes", "dana.reyes@contoso.example", "Critical", "Hosts the customer portal."),
        new("Fabrikam Networks", "Sam Okafor", "sla@fabrikam.example", "High", "WAN and branch connectivity."),
        new("Adatum Payroll Services", "Mia Chen", "mia.chen@adatum.example", "Medium", null),
        new("Litware Service Desk", null, "servicedesk@litware.example", "Low", "First-line support, 8x5."),
    ];

    private static readonly (string Category, string Title, string Text)[] DemoClauses =
    [
        ("Liability", "Limitation of liability",
            "The total liability of {{provider}} under {{agreement.title}} in any year of the term is limited to twelve times the monthly fee " +
            "of {{monthlyFee}} {{currency}}. Service credits count towards this limit. The limit does not apply to wilful misconduct, " +
            "gross negligence, or breach of the confidentiality and data protection clauses."),
        ("Confidentiality", "Mutual confidentiality",
            "Each party keeps confidential the information it receives from the other under {{agreement.title}}, uses it only to perform " +
            "the agreement, and discloses it only to staff and advisers who need it and are bound to the same duty. The duty lasts from " +
            "{{termStart}} until three years after the agreement ends."),
        ("Data protection", "Processing on the customer's instructions",
            "Where {{provider}} processes personal data for the customer, it acts as processor on the customer's documented instructions, " +
            "keeps the data within the agreed locations, notifies a personal data breach without undue delay and at the latest within " +
            "48 hours, and assists with data subject requests. Times are in {{timeZone}}."),
    ];

    public async Task SeedAsync(SeedOptions options, CancellationToken cancellationToken = default)
    {
        if (await organisations.GetAsync(cancellationToken) is null)
        {
            await using var unit = await database.BeginAsync(cancellationToken);
            var organisation = new OrganisationRow
            {
                Id = Guid.NewGuid(),
                Name = options.OrganisationName,
                TimeZone = options.TimeZone,
                CreatedAt = time.GetUtcNow(),
            };
            await organisations.InsertAsync(unit, organisation, cancellationToken);
            await audit.AppendAsync(unit, new AuditRecord("system", "organisation.created", "Organisation", organisation.Id.ToString(),
                $"Organisation {organisation.Name} created ({organisation.TimeZone})"), cancellationToken);
            await unit.CommitAsync(cancellationToken);
        }
        if ((await calendars.ListAsync(cancellationToken)).Count == 0)
            await calendarCommands.CreateAsync("system", new SlaGovernance.Domain.Calendars.BusinessCalendarInput(
                "Standard working week", options.TimeZone,
                Enumerable.Range(1, 5).Select(day => new SlaGovernance.Domain.Calendars.WorkingHoursInput(((NodaTime.IsoDayOfWeek)day).ToString(), "09:00", "17:30")).ToList(),
                []), isDefault: true, cancellationToken);
        if (await users.CountAsync(cancellationToken) > 0)
            return;
        if (!string.IsNullOrWhiteSpace(options.AdminUserName))
            await CreateAdministratorAsync(options, cancellationToken);
        if (options.DemoData)
            await SeedDemoAsync(options, cancellationToken);
    }

    private async Task CreateAdministratorAsync(SeedOptions options, CancellationToken cancellationToken)
    {
        var result = await administration.CreateAsync("system",
            new UserAccountInput(options.AdminUserName, "Administrator", null, options.TimeZone, [Roles.Admin]), options.AdminPassword,
            cancellationToken: cancellationToken);
        if (result.Errors is not null)
            throw new InvalidOperationException("Seed:AdminUserName / Seed:AdminPassword cannot create the first administrator: "
                + string.Join(" ", result.Errors.SelectMany(e => e.Value)));
        logger.LogInformation("Created the first administrator {UserName}", options.AdminUserName);
    }

    private async Task SeedDemoAsync(SeedOptions options, CancellationToken cancellationToken)
    {
        var logins = new StringBuilder();
        logins.AppendLine().AppendLine("Demo organisation created. These logins are printed once; keep them:");
        foreach (var (userName, displayName, role) in DemoUsers)
        {
            if (await users.FindByUserNameAsync(userName, cancellationToken) is not null)
                continue;
            var password = RandomPassword();
            await administration.CreateAsync("system",
                new UserAccountInput(userName, displayName, $"{userName}@demo.example", options.TimeZone, [role]), password,
                cancellationToken: cancellationToken);
            logins.AppendLine(System.Globalization.CultureInfo.InvariantCulture, $"  {role,-16} {userName,-14} {password}");
        }
        foreach (var vendor in DemoVendors)
            await vendorCommands.CreateAsync("system", vendor, cancellationToken);
        foreach (var (category, title, text) in DemoClauses)
            await clauseCommands.CreateAsync("system", category, title, text, cancellationToken);
        Console.WriteLine(logins.ToString());
    }

    private static string RandomPassword()
    {
        const string alphabet = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
        return string.Create(16, 0, (span, _) =>
        {
            for (var i = 0; i < span.Length; i++)
                span[i] = alphabet[RandomNumberGenerator.GetInt32(alphabet.Length)];
        });
    }
}
