using System.Reflection;
using Microsoft.SqlServer.TransactSql.ScriptDom;
using SlaGovernance.Data.Dialects;
using SlaGovernance.Tests;

namespace SlaGovernance.Data.Tests;

/// <summary>No SQL Server runs here, so every T-SQL script and every statement rendered for SQL Server is parsed instead.</summary>
public sealed class SqlServerScriptTests
{
    private static readonly SqlServerDialect Dialect = new();

    public static TheoryData<string> MigrationScripts()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.GetFiles(Path.Combine(TestEnvironment.RepositoryRoot(), "db", "sqlserver"), "*.sql").Order())
            data.Add(Path.GetFileName(file));
        return data;
    }

    /// <summary>Every const string of every [SqlCatalogue] class in the data layer, by "Class.Field".</summary>
    public static TheoryData<string> CatalogueStatements()
    {
        var data = new TheoryData<string>();
        foreach (var (name, _) in Catalogue())
            data.Add(name);
        return data;
    }

    [Theory]
    [MemberData(nameof(MigrationScripts))]
    public void Migration_script_parses_as_TSql(string file)
    {
        var text = File.ReadAllText(Path.Combine(TestEnvironment.RepositoryRoot(), "db", "sqlserver", file));
        AssertParses(file, text);
    }

    [Theory]
    [MemberData(nameof(CatalogueStatements))]
    public void Statement_rendered_for_SQL_Server_parses(string name)
    {
        var template = Catalogue().Single(s => s.Name == name).Sql;
        AssertParses(name, Dialect.Render(template));
    }

    [Fact]
    public void The_catalogue_holds_the_statements_of_every_store()
    {
        var names = Catalogue().Select(s => s.Name.Split('.')[0]).Distinct().ToList();
        Assert.Contains("VendorSql", names);
        Assert.Contains("AuditSql", names);
        Assert.Contains("UserSql", names);
        Assert.Contains("ApiTokenSql", names);
        Assert.Contains("WorkflowSql", names);
        Assert.Contains("LockSql", names);
        Assert.Contains("OutboxSql", names);
        Assert.True(Catalogue().Count() > 30);
    }

    [Fact]
    public void The_application_lock_statements_parse()
    {
        AssertParses("sp_getapplock (transaction)", SqlServerDialect.AcquireLockStatement);
        // AcquireTransactionLockThenReadAsync sends the lock and the read as one batch.
        AssertParses("sp_getapplock then a read", SqlServerDialect.AcquireLockStatement + "\n" +
            Dialect.Render("SELECT sequence, hash FROM audit_log ORDER BY sequence DESC {{page}}"));
        AssertParses("sp_getapplock (session)", Dialect.TryAcquireSessionLockSql);
        AssertParses("sp_releaseapplock (session)", Dialect.ReleaseSessionLockSql);
    }

    [Fact]
    public void A_broken_statement_is_caught()
    {
        var errors = Parse("SELEC name FROM vendors");
        Assert.NotEmpty(errors);
    }

    private static IEnumerable<(string Name, string Sql)> Catalogue() =>
        new[] { typeof(Database).Assembly, typeof(Workflows.Persistence.DapperPersistenceProvider).Assembly, typeof(Notifications.Outbox.EmailOutbox).Assembly }
            .SelectMany(assembly => assembly.GetTypes())
            .Where(t => t.GetCustomAttribute<SqlCatalogueAttribute>() is not null)
            .SelectMany(t => t.GetFields(BindingFlags.Public | BindingFlags.Static)
                .Where(f => f is { IsLiteral: true } && f.FieldType == typeof(string))
                .Select(f => ($"{t.Name}.{f.Name}", (string)f.GetRawConstantValue()!)));

    private static void AssertParses(string name, string sql)
    {
        var errors = Parse(sql);
        Assert.True(errors.Count == 0,
            $"{name} does not parse as T-SQL: {string.Join("; ", errors.Select(e => $"line {e.Line}: {e.Message}"))}\n{sql}");
    }

    private static IList<ParseError> Parse(string sql)
    {
        var parser = new TSql160Parser(initialQuotedIdentifiers: true);
        parser.Parse(new StringReader(sql), out var errors);
        return errors;
    }
}
