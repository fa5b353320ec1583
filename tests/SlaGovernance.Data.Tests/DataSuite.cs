using SlaGovernance.Domain.Agreements;
using System.Data.Common;
using Dapper;
using Microsoft.Extensions.Time.Testing;
using SlaGovernance.Data.Agreements;
using SlaGovernance.Data.Audit;
using SlaGovernance.Data.Clauses;
using SlaGovernance.Domain.Clauses;
using SlaGovernance.Data.Identity;
using SlaGovernance.Data.Protection;
using SlaGovernance.Tests.Providers;
using SlaGovernance.Data.Vendors;
using SlaGovernance.Domain.Vendors;
using SlaGovernance.Tests;
using Microsoft.Extensions.Logging.Abstractions;

namespace SlaGovernance.Data.Tests;

/// <summary>The same data-layer behaviour, run against every provider.</summary>
public abstract class DataSuite<TFixture>(TFixture fixture) : IClassFixture<TFixture>, IAsyncLifetime
    where TFixture : ProviderFixture
{
    protected TFixture Fixture => fixture;

    private static readonly DateTimeOffset Now = new(2026, 11, 26, 9, 30, 15, 123, TimeSpan.Zero);

    protected Database Db => fixture.Database!;
    protected FakeTimeProvider Time { get; } = new(Now);

    public async Task InitializeAsync()
    {
        TestEnvironment.SkipUnlessAvailable(fixture.Database is not null, fixture.SkipReason ?? "", fixture.Optional);
        await fixture.ResetAsync();
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private static VendorRow Vendor(string name, int version = 1, bool archived = false, RiskTier tier = RiskTier.Medium, Guid? id = null) => new()
    {
        Id = id ?? Guid.NewGuid(),
        Name = name,
        ContactEmail = "x@example.com",
        RiskTier = tier,
        IsArchived = archived,
        Version = version,
        CreatedAt = Now,
        CreatedBy = "ada",
        UpdatedAt = Now,
        UpdatedBy = "ada",
    };

    private async Task InsertAsync(params VendorRow[] rows)
    {
        await using var unit = await Db.BeginAsync();
        foreach (var row in rows)
            await new VendorStore(Db).InsertAsync(unit, row);
        await unit.CommitAsync();
    }

    [SkippableFact]
    public async Task Migrations_run_again_apply_nothing()
    {
        var applied = await new DatabaseMigrator(Db, NullLogger<DatabaseMigrator>.Instance).MigrateAsync();
        Assert.Empty(applied);
    }

    [SkippableFact]
    public async Task Guids_times_enums_and_flags_round_trip_unchanged()
    {
        var vendor = Vendor("Round Trip Ltd", archived: true, tier: RiskTier.Critical);
        await InsertAsync(vendor);
        var read = await new VendorStore(Db).GetAsync(vendor.Id);
        Assert.NotNull(read);
        Assert.Equal(vendor.Id, read.Id);
        Assert.Equal(Now, read.CreatedAt);
        Assert.Equal(TimeSpan.Zero, read.CreatedAt.Offset);
        Assert.Equal(RiskTier.Critical, read.RiskTier);
        Assert.True(read.IsArchived);
        Assert.Null(read.Notes);
    }

    [SkippableFact]
    public async Task Vendor_search_ignores_case_treats_wildcards_literally_and_pages()
    {
        await InsertAsync(Vendor("Contoso Cloud"), Vendor("contoso networks"), Vendor("Fabrikam"), Vendor("100% Uptime_Co"),
            Vendor("Contoso Archive", archived: true));
        var store = new VendorStore(Db);

        var found = await store.ListAsync(new VendorQuery("CONTOSO", false, new PageRequest(1, 10)));
        Assert.Equal(["Contoso Cloud", "contoso networks"], found.Items.Select(v => v.Name));
        Assert.Equal(2, found.Total);

        var withArchived = await store.ListAsync(new VendorQuery("contoso", true, new PageRequest(1, 10)));
        Assert.Equal(3, withArchived.Total);

        var literal = await store.ListAsync(new VendorQuery("0% u", false, new PageRequest(1, 10)));
        Assert.Equal("100% Uptime_Co", Assert.Single(literal.Items).Name);
        var underscore = await store.ListAsync(new VendorQuery("_", false, new PageRequest(1, 10)));
        Assert.Equal("100% Uptime_Co", Assert.Single(underscore.Items).Name);

        var second = await store.ListAsync(new VendorQuery(null, false, new PageRequest(2, 2)));
        Assert.Equal(4, second.Total);
        Assert.Equal(["contoso networks", "Fabrikam"], second.Items.Select(v => v.Name));
    }

    [SkippableFact]
    public async Task An_update_based_on_a_stale_version_changes_nothing()
    {
        var vendor = Vendor("Stale Ltd");
        await InsertAsync(vendor);
        var store = new VendorStore(Db);
        await using (var unit = await Db.BeginAsync())
        {
            Assert.True(await store.UpdateAsync(unit, Vendor("Stale Ltd v2", version: 2, id: vendor.Id), expectedVersion: 1));
            await unit.CommitAsync();
        }
        await using (var unit = await Db.BeginAsync())
        {
            Assert.False(await store.UpdateAsync(unit, Vendor("Lost Update", version: 2, id: vendor.Id), expectedVersion: 1));
            await unit.CommitAsync();
        }
        var stored = await store.GetAsync(vendor.Id);
        Assert.Equal("Stale Ltd v2", stored!.Name);
        Assert.Equal(2, stored.Version);
    }

    [SkippableFact]
    public async Task A_duplicate_vendor_name_in_another_case_is_a_unique_violation_the_dialect_recognises()
    {
        await InsertAsync(Vendor("Unique Ltd"));
        var error = await Assert.ThrowsAnyAsync<DbException>(() => InsertAsync(Vendor("UNIQUE LTD ")));
        Assert.True(Db.Dialect.IsUniqueViolation(error));
    }

    [SkippableFact]
    public async Task A_unit_disposed_without_commit_writes_nothing()
    {
        var vendor = Vendor("Rolled Back");
        await using (var unit = await Db.BeginAsync())
            await new VendorStore(Db).InsertAsync(unit, vendor);
        Assert.Null(await new VendorStore(Db).GetAsync(vendor.Id));
    }

    [SkippableFact]
    public async Task Audit_entries_chain_and_verification_finds_a_tampered_entry()
    {
        var audit = new AuditLog(Db, Time);
        for (var i = 1; i <= 4; i++)
        {
            await using var unit = await Db.BeginAsync();
            await audit.AppendAsync(unit, new AuditRecord("ada", "vendor.updated", "Vendor", "v-1", $"change {i}", "{\"a\":1}", "{\"a\":2}"));
            await unit.CommitAsync();
            Time.Advance(TimeSpan.FromSeconds(1.2345));
        }
        var intact = await audit.VerifyAsync();
        Assert.True(intact.Intact, intact.Problem);
        Assert.Equal(4, intact.EntriesChecked);

        var page = await audit.ListAsync(new PageRequest(1, 10), "Vendor", "v-1");
        Assert.Equal([4L, 3, 2, 1], page.Items.Select(e => e.Sequence));

        await AuditTampering.ExecuteAsync(Db, "UPDATE audit_log SET summary = @Summary WHERE sequence = 3", new { Summary = "nothing happened" });
        var broken = await audit.VerifyAsync();
        Assert.False(broken.Intact);
        Assert.Equal(3, broken.FirstBrokenSequence);
    }

    [SkippableFact]
    public async Task Concurrent_audit_appends_keep_one_unbroken_chain()
    {
        var audit = new AuditLog(Db, TimeProvider.System);
        // Each writer reads the chain's head after taking the chain's lock; one that read it before would reuse a sequence number.
        await Task.WhenAll(Enumerable.Range(0, 8).Select(writer => Task.Run(async () =>
        {
            for (var i = 0; i < 8; i++)
            {
                await using var unit = await Db.BeginAsync();
                await audit.AppendAsync(unit, new AuditRecord($"writer-{writer}", "test.appended", "Test", null, $"entry {i}"));
                await unit.CommitAsync();
            }
        })));
        var report = await audit.VerifyAsync();
        Assert.True(report.Intact, report.Problem);
        Assert.Equal(64, report.EntriesChecked);
    }

    [SkippableFact]
    public async Task Users_keep_roles_find_by_name_in_any_case_and_refuse_stale_updates()
    {
        var users = new UserStore(Db);
        var user = new UserRow
        {
            Id = Guid.NewGuid(), UserName = "Ada.Lovelace", DisplayName = "Ada", TimeZone = "Europe/London", IsActive = true,
            CreatedAt = Now, UpdatedAt = Now, Version = 1, Roles = ["Admin", "Legal"],
        };
        await using (var unit = await Db.BeginAsync())
        {
            await users.InsertAsync(unit, user);
            await unit.CommitAsync();
        }
        var found = await users.FindByUserNameAsync("ADA.LOVELACE");
        Assert.Equal(["Admin", "Legal"], found!.Roles);

        user.Roles = ["Finance"];
        var changed = new UserRow
        {
            Id = user.Id, UserName = user.UserName, DisplayName = "Ada L.", TimeZone = "America/New_York", IsActive = false,
            CreatedAt = Now, UpdatedAt = Now, Version = 2, Roles = ["Finance"],
        };
        await using (var unit = await Db.BeginAsync())
        {
            Assert.True(await users.UpdateAsync(unit, changed, expectedVersion: 1));
            Assert.False(await users.UpdateAsync(unit, changed, expectedVersion: 1));
            await unit.CommitAsync();
        }
        var page = await users.ListAsync("ada", new PageRequest(1, 10));
        var listed = Assert.Single(page.Items);
        Assert.Equal(["Finance"], listed.Roles);
        Assert.False(listed.IsActive);
        Assert.Equal("America/New_York", listed.TimeZone);

        await users.RecordFailedLoginAsync(user.Id, Now.AddMinutes(15));
        var locked = await users.GetAsync(user.Id);
        Assert.Equal(1, locked!.FailedLoginCount);
        Assert.Equal(Now.AddMinutes(15), locked.LockoutEnd);
        await users.RecordSuccessfulLoginAsync(user.Id);
        Assert.Null((await users.GetAsync(user.Id))!.LockoutEnd);
    }

    [SkippableFact]
    public async Task Api_tokens_are_found_by_hash_and_revoked_once()
    {
        var users = new UserStore(Db);
        var tokens = new ApiTokenStore(Db);
        var userId = Guid.NewGuid();
        var token = new ApiTokenRow
        {
            Id = Guid.NewGuid(), UserId = userId, Name = "export", TokenPrefix = "slg_abcdef", TokenHash = new string('a', 64),
            CreatedAt = Now, ExpiresAt = Now.AddDays(30),
        };
        await using (var unit = await Db.BeginAsync())
        {
            await users.InsertAsync(unit, new UserRow
            {
                Id = userId, UserName = "script", DisplayName = "Script", TimeZone = "UTC", IsActive = true,
                CreatedAt = Now, UpdatedAt = Now, Version = 1, Roles = ["Auditor"],
            });
            await tokens.InsertAsync(unit, token);
            await unit.CommitAsync();
        }
        var found = await tokens.FindByHashAsync(token.TokenHash);
        Assert.Equal("script", found!.UserName);
        Assert.True(found.IsUsableAt(Now));
        Assert.False(found.IsUsableAt(Now.AddDays(31)));

        await using (var unit = await Db.BeginAsync())
        {
            Assert.True(await tokens.RevokeAsync(unit, token.Id, Now.AddHours(1)));
            Assert.False(await tokens.RevokeAsync(unit, token.Id, Now.AddHours(2)));
            await unit.CommitAsync();
        }
        Assert.False((await tokens.GetAsync(token.Id))!.IsUsableAt(Now.AddHours(3)));
        Assert.Equal(Now.AddHours(1), (await tokens.GetAsync(token.Id))!.RevokedAt);
        Assert.Single(await tokens.ListForUserAsync(userId));
    }

    [SkippableFact]
    public async Task A_version_keeps_one_contract_and_a_second_insert_is_refused_without_touching_other_documents()
    {
        var store = new AgreementDocumentStore(Db);
        var agreementId = Guid.NewGuid();
        AgreementDocumentRow Document(int version, string kind) => new()
        {
            Id = Guid.NewGuid(), AgreementId = agreementId, VersionNumber = version, Kind = kind, FileName = $"{kind}-v{version}.docx",
            ContentType = "application/octet-stream", Content = [1, 2, 3], Sha256 = "abc", SizeBytes = 3, CreatedBy = "ada", CreatedAt = Now,
        };
        async Task<bool> InsertOnceAsync(AgreementDocumentRow row)
        {
            await using var unit = await Db.BeginAsync();
            if (!await store.InsertOnceAsync(unit, row, CancellationToken.None))
                return false;
            await unit.CommitAsync();
            return true;
        }

        var first = Document(1, AgreementDocumentKinds.Contract);
        Assert.True(await InsertOnceAsync(first));
        Assert.False(await InsertOnceAsync(Document(1, AgreementDocumentKinds.Contract)));
        Assert.True(await InsertOnceAsync(Document(2, AgreementDocumentKinds.Contract)));
        Assert.True(await InsertOnceAsync(Document(1, AgreementDocumentKinds.Signed)));
        Assert.Equal(first.Id, (await store.OfVersionAsync(agreementId, 1, AgreementDocumentKinds.Contract))!.Id);
        Assert.Equal(3, (await store.OfAgreementAsync(agreementId)).Count);
    }

    [SkippableFact]
    public void Data_protection_keys_are_kept_in_order()
    {
        var store = new DataProtectionKeyStore(Db, Time);
        store.Add("key-1", "<key id=\"1\" />");
        Time.Advance(TimeSpan.FromSeconds(1));
        store.Add("key-2", "<key id=\"2\" />");
        Assert.Equal(["<key id=\"1\" />", "<key id=\"2\" />"], store.All());
    }

    private static LibraryClauseVersion ClauseVersion(Guid clauseId, int number, string text) => new()
    {
        ClauseId = clauseId, Number = number, Text = text, PublishedBy = "leo", PublishedAt = Now.AddMinutes(number),
    };

    private async Task<Guid> InsertClauseAsync(string category, string title, string text)
    {
        var id = Guid.NewGuid();
        await using var unit = await Db.BeginAsync();
        await new ClauseStore(Db).InsertAsync(unit, new LibraryClause
        {
            Id = id, Category = category, Title = title, LatestVersion = 1, CreatedBy = "leo", CreatedAt = Now,
        }, ClauseVersion(id, 1, text));
        await unit.CommitAsync();
        return id;
    }

    private async Task<bool> PublishAsync(Guid clauseId, int basedOn, string text)
    {
        await using var unit = await Db.BeginAsync();
        var published = await new ClauseStore(Db).PublishAsync(unit, ClauseVersion(clauseId, basedOn + 1, text), basedOn);
        await unit.CommitAsync();
        return published;
    }

    [SkippableFact]
    public async Task Clause_versions_are_appended_and_a_publication_based_on_a_stale_version_is_refused()
    {
        var id = await InsertClauseAsync("Liability", "Limitation of liability", "Liability is capped at {{monthlyFee}} {{currency}}.");
        Assert.True(await PublishAsync(id, basedOn: 1, "Liability is capped at twelve times {{monthlyFee}} {{currency}}."));
        Assert.False(await PublishAsync(id, basedOn: 1, "A second editor's wording, based on version 1."));

        var store = new ClauseStore(Db);
        var versions = await store.VersionsAsync(id);
        Assert.Equal([2, 1], versions.Select(v => v.Number));
        Assert.Equal("Liability is capped at {{monthlyFee}} {{currency}}.", versions[1].Text);
        Assert.Equal(Now.AddMinutes(2), versions[0].PublishedAt);
        Assert.Equal(2, (await store.GetAsync(id))!.LatestVersion);
        Assert.True(await PublishAsync(id, basedOn: 2, "Version three."));
    }

    [SkippableFact]
    public async Task A_published_clause_version_cannot_be_changed_in_the_database()
    {
        var id = await InsertClauseAsync("Confidentiality", "Mutual confidentiality", "Each party keeps the other's information confidential.");

        await using (var connection = await Db.OpenAsync())
            await Assert.ThrowsAnyAsync<DbException>(() => connection.ExecuteAsync(
                Db.Sql("UPDATE clause_versions SET text = @Text WHERE clause_id = @Id"), new { Text = "Rewritten in place", Id = id }));

        Assert.Equal("Each party keeps the other's information confidential.", Assert.Single(await new ClauseStore(Db).VersionsAsync(id)).Text);
    }

    [SkippableFact]
    public async Task A_retired_clause_is_listed_as_such_and_takes_no_new_version()
    {
        var liability = await InsertClauseAsync("Liability", "Limitation of liability", "Capped.");
        await InsertClauseAsync("Data protection", "Processing on instructions", "The provider processes personal data only on instructions.");
        var store = new ClauseStore(Db);
        await using (var unit = await Db.BeginAsync())
        {
            Assert.True(await store.RetireAsync(unit, liability, "leo", Now));
            Assert.False(await store.RetireAsync(unit, liability, "leo", Now));
            await unit.CommitAsync();
        }

        Assert.False(await PublishAsync(liability, basedOn: 1, "After retirement."));
        var retired = Assert.Single(await store.ListAsync(" liability "));
        Assert.True(retired.IsRetired);
        Assert.Equal(("leo", Now), (retired.RetiredBy, retired.RetiredAt));
        Assert.Equal(["Data protection", "Liability"], await store.CategoriesAsync());
        Assert.Equal(2, (await store.ListAsync(null)).Count);
        var found = await store.GetVersionsAsync([(liability, 1), (liability, 2)]);
        Assert.Equal([(liability, 1)], found.Keys);
    }
}

public sealed class SqliteDataTests(SqliteFixture fixture) : DataSuite<SqliteFixture>(fixture)
{
    private Database Database => Fixture.Database!;

    /// <summary>
    /// Microsoft.Data.Sqlite alone retries a busy database every 150 ms; every connection the application opens has SQLite's
    /// own busy handler on instead, and a writer waiting for another goes once that one commits.
    /// </summary>
    [SkippableFact]
    public async Task A_writer_waits_in_sqlites_busy_handler_for_the_writer_before_it()
    {
        var database = Database;
        var table = $"busy_probe_{Guid.NewGuid():N}";
        await using (var connection = await database.OpenAsync())
            Assert.Equal(Dialects.SqliteDialect.BusyTimeoutMilliseconds, await connection.ExecuteScalarAsync<int>("PRAGMA busy_timeout"));

        await using var first = await database.BeginAsync();
        await first.Connection.ExecuteAsync($"CREATE TABLE {table} (id INTEGER PRIMARY KEY)", transaction: first.Transaction);
        var second = Task.Run(async () =>
        {
            await using var unit = await database.BeginAsync();
            await unit.Connection.ExecuteAsync($"INSERT INTO {table} (id) VALUES (2)", transaction: unit.Transaction);
            await unit.CommitAsync();
        });
        await first.Connection.ExecuteAsync($"INSERT INTO {table} (id) VALUES (1)", transaction: first.Transaction);
        await first.CommitAsync();
        await second.WaitAsync(TimeSpan.FromSeconds(30));

        await using var check = await database.OpenAsync();
        Assert.Equal([1L, 2L], await check.QueryAsync<long>($"SELECT id FROM {table} ORDER BY id"));
        await check.ExecuteAsync($"DROP TABLE {table}");
    }
}

public sealed class PostgresDataTests(PostgresFixture fixture) : DataSuite<PostgresFixture>(fixture);

public sealed class SqlServerDataTests(SqlServerFixture fixture) : DataSuite<SqlServerFixture>(fixture);
