using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Dapper;
using SlaGovernance.Data;
using WorkflowCore.Interface;

namespace SlaGovernance.Workflows.Definitions;

public sealed record LoadedDefinition(string Id, int Version, string Hash, string SourceFile, bool FromCurrentFiles);

[SqlCatalogue]
internal static class DefinitionSql
{
    public const string HashOf = "SELECT hash FROM wf_definitions WHERE id = @Id AND version = @Version";

    public const string Insert = """
        INSERT INTO wf_definitions (id, version, hash, source_file, content, loaded_at)
        VALUES (@Id, @Version, @Hash, @SourceFile, @Content, @LoadedAt)
        """;

    public const string All = "SELECT id, version, hash, source_file, content FROM wf_definitions ORDER BY id, version";
}

/// <summary>
/// Loads workflows/*.json: validates each file, stores each new version with its hash, refuses a file whose content
/// changed under an unchanged version, and registers every stored version with the engine.
/// </summary>
public sealed class DefinitionCatalogue(Database database, DefinitionValidator validator, IWorkflowRegistry registry, TimeProvider time)
{
    public const string SchemaFileName = "workflow.schema.json";

    /// <summary>
    /// Whether a file of workflows/ is a definition: not the schema, and not a versioned data file beside the definitions
    /// (name.vN.json, such as incident-criteria.v1.json), which the feature that reads it checks at start-up.
    /// </summary>
    public static bool IsDefinitionFile(string path)
    {
        var name = Path.GetFileName(path);
        return name != SchemaFileName && name.EndsWith(".json", StringComparison.Ordinal)
            && !System.Text.RegularExpressions.Regex.IsMatch(name, @"\.v[0-9]+\.json$", System.Text.RegularExpressions.RegexOptions.CultureInvariant);
    }

    public async Task<IReadOnlyList<LoadedDefinition>> LoadAsync(string folder, CancellationToken cancellationToken = default)
    {
        var problems = new List<DefinitionProblem>();
        var files = new List<(string File, string Content, string Hash, DefinitionDocument Document)>();
        foreach (var path in Directory.GetFiles(folder, "*.json").Where(IsDefinitionFile).Order(StringComparer.Ordinal))
        {
            var file = "workflows/" + Path.GetFileName(path);
            var content = (await File.ReadAllTextAsync(path, cancellationToken)).Replace("\r\n", "\n", StringComparison.Ordinal);
            var (document, fileProblems) = validator.Validate(file, content);
            problems.AddRange(fileProblems);
            if (document is not null)
                files.Add((file, content, Hash(content), document));
        }
        foreach (var clash in files.GroupBy(f => (f.Document.Id, f.Document.Version)).Where(g => g.Count() > 1))
            problems.Add(new DefinitionProblem(clash.Last().File, "$.version",
                $"'{clash.Key.Id}' version {clash.Key.Version} is also declared by {clash.First().File}; each id and version belongs to one file."));
        if (problems.Count > 0)
            throw new WorkflowDefinitionException(problems);

        await using (var unit = await database.BeginAsync(cancellationToken))
        {
            foreach (var (file, content, hash, document) in files)
            {
                var stored = await unit.Connection.QuerySingleOrDefaultAsync<string>(new CommandDefinition(unit.Sql(DefinitionSql.HashOf),
                    new { document.Id, document.Version }, unit.Transaction, cancellationToken: cancellationToken));
                if (stored is null)
                    await unit.Connection.ExecuteAsync(new CommandDefinition(unit.Sql(DefinitionSql.Insert), new
                    {
                        document.Id, document.Version, Hash = hash, SourceFile = file, Content = content, LoadedAt = time.GetUtcNow(),
                    }, unit.Transaction, cancellationToken: cancellationToken));
                else if (stored.Trim() != hash)
                    problems.Add(new DefinitionProblem(file, "$.version",
                        $"The content of '{document.Id}' version {document.Version} changed since that version was loaded; raise the version to publish the change."));
            }
            if (problems.Count > 0)
                throw new WorkflowDefinitionException(problems);
            await unit.CommitAsync(cancellationToken);
        }

        var current = files.Select(f => (f.Document.Id, f.Document.Version)).ToHashSet();
        var loaded = new List<LoadedDefinition>();
        await using var connection = await database.OpenAsync(cancellationToken);
        foreach (var row in await connection.QueryAsync<StoredDefinition>(new CommandDefinition(database.Sql(DefinitionSql.All),
                     cancellationToken: cancellationToken)))
        {
            var (document, storedProblems) = validator.Validate($"{row.SourceFile} (stored version {row.Version})", row.Content);
            if (document is null)
            {
                problems.AddRange(storedProblems);
                continue;
            }
            if (!registry.IsRegistered(document.Id, document.Version))
                registry.RegisterWorkflow(DefinitionCompiler.Compile(document));
            loaded.Add(new LoadedDefinition(document.Id, document.Version, row.Hash.Trim(), row.SourceFile, current.Contains((document.Id, document.Version))));
        }
        if (problems.Count > 0)
            throw new WorkflowDefinitionException(problems);
        return loaded;
    }

    private static string Hash(string content) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(content)));

    private sealed class StoredDefinition
    {
        public string Id { get; init; } = "";
        public int Version { get; init; }
        public string Hash { get; init; } = "";
        public string SourceFile { get; init; } = "";
        public string Content { get; init; } = "";
    }
}
