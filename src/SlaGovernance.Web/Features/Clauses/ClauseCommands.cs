using SlaGovernance.Data;
using SlaGovernance.Data.Audit;
using SlaGovernance.Data.Clauses;
using SlaGovernance.Domain.Clauses;
using SlaGovernance.Domain.Validation;

namespace SlaGovernance.Web.Features.Clauses;

/// <summary>A clause with its versions, the latest first.</summary>
public sealed record ClauseView(LibraryClause Clause, IReadOnlyList<LibraryClauseVersion> Versions);

/// <summary>
/// Legal's clause library: adding a clause with its first wording, publishing the next wording, retiring a clause. Each is
/// validated (placeholders included), audited in the same transaction, and a publication based on a stale version is refused.
/// </summary>
public sealed class ClauseCommands(Database database, ClauseStore clauses, AuditLog audit, TimeProvider time)
{
    public async Task<CommandResult<ClauseView>> CreateAsync(string actor, string? category, string? title, string? text,
        CancellationToken cancellationToken = default)
    {
        var errors = ClauseRules.ValidateNew(category, title, text);
        if (!errors.IsValid)
            return CommandResult<ClauseView>.Invalid(errors);
        var now = time.GetUtcNow();
        var clause = new LibraryClause
        {
            Id = Guid.NewGuid(), Category = category!.Trim(), Title = title!.Trim(), LatestVersion = 1, CreatedBy = actor, CreatedAt = now,
        };
        var first = new LibraryClauseVersion { ClauseId = clause.Id, Number = 1, Text = text!, PublishedBy = actor, PublishedAt = now };
        await using var unit = await database.BeginAsync(cancellationToken);
        await clauses.InsertAsync(unit, clause, first, cancellationToken);
        await audit.AppendAsync(unit, new AuditRecord(actor, "clause.created", "Clause", clause.Id.ToString(),
            $"Added {clause.Title} ({clause.Category}) to the clause library as version 1", After: Excerpt(first.Text)), cancellationToken);
        await unit.CommitAsync(cancellationToken);
        return CommandResult<ClauseView>.Ok(new ClauseView(clause, [first]));
    }

    /// <summary>Publishes the wording after <paramref name="basedOnVersion"/>, the latest version the publisher read.</summary>
    public async Task<CommandResult<ClauseView>> PublishAsync(string actor, Guid id, int? basedOnVersion, string? text,
        CancellationToken cancellationToken = default)
    {
        var errors = new ValidationErrors();
        if (basedOnVersion is not > 0)
            errors.Add("basedOnVersion", "Say which version the new wording is based on: the latest version you read.");
        ClauseRules.ValidateText(text, errors);
        if (!errors.IsValid)
            return CommandResult<ClauseView>.Invalid(errors);
        var now = time.GetUtcNow();
        await using var unit = await database.BeginAsync(cancellationToken);
        if (await clauses.GetAsync(unit, id, cancellationToken) is not { } clause)
            return CommandResult<ClauseView>.NotFound($"No library clause has id {id}.");
        if (clause.IsRetired)
            return CommandResult<ClauseView>.Forbidden($"{clause.Title} was retired; it takes no new versions.");
        var version = new LibraryClauseVersion { ClauseId = id, Number = basedOnVersion!.Value + 1, Text = text!, PublishedBy = actor, PublishedAt = now };
        if (clause.LatestVersion != basedOnVersion || !await clauses.PublishAsync(unit, version, basedOnVersion.Value, cancellationToken))
            return CommandResult<ClauseView>.Stale(await ViewAsync(clause, cancellationToken),
                $"{clause.Title} is at version {clause.LatestVersion} now, not {basedOnVersion}; someone published meanwhile. " +
                "Read the latest version and publish your wording based on it.");
        await audit.AppendAsync(unit, new AuditRecord(actor, "clause.published", "Clause", id.ToString(),
            $"Published version {version.Number} of {clause.Title} ({clause.Category})", Before: $"version {basedOnVersion}",
            After: Excerpt(version.Text)), cancellationToken);
        await unit.CommitAsync(cancellationToken);
        return CommandResult<ClauseView>.Ok(await ViewAsync(clause with { LatestVersion = version.Number }, cancellationToken));
    }

    /// <summary>Retires a clause: drafts that use it keep it, new uses are refused.</summary>
    public async Task<CommandResult<ClauseView>> RetireAsync(string actor, Guid id, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        await using var unit = await database.BeginAsync(cancellationToken);
        if (await clauses.GetAsync(unit, id, cancellationToken) is not { } clause)
            return CommandResult<ClauseView>.NotFound($"No library clause has id {id}.");
        if (!await clauses.RetireAsync(unit, id, actor, now, cancellationToken))
            return CommandResult<ClauseView>.Stale(await ViewAsync(clause, cancellationToken),
                $"{clause.Title} was already retired by {clause.RetiredBy} on {clause.RetiredAt:yyyy-MM-dd}.");
        await audit.AppendAsync(unit, new AuditRecord(actor, "clause.retired", "Clause", id.ToString(),
            $"Retired {clause.Title} ({clause.Category}) at version {clause.LatestVersion}; it takes no new uses"), cancellationToken);
        await unit.CommitAsync(cancellationToken);
        return CommandResult<ClauseView>.Ok(await ViewAsync(clause with { IsRetired = true, RetiredBy = actor, RetiredAt = now }, cancellationToken));
    }

    public async Task<ClauseView?> GetAsync(Guid id, CancellationToken cancellationToken = default) =>
        await clauses.GetAsync(id, cancellationToken) is { } clause ? await ViewAsync(clause, cancellationToken) : null;

    private async Task<ClauseView> ViewAsync(LibraryClause clause, CancellationToken cancellationToken) =>
        new(clause, await clauses.VersionsAsync(clause.Id, cancellationToken));

    private static string Excerpt(string text) => text.Length <= 500 ? text : text[..500] + "…";
}
