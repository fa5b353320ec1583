using Microsoft.AspNetCore.Http.HttpResults;
using SlaGovernance.Data.Clauses;
using SlaGovernance.Domain.Clauses;
using SlaGovernance.Web.Api;
using SlaGovernance.Web.Identity;

namespace SlaGovernance.Web.Features.Clauses;

using PublishFailure = CommandFailure<ValidationProblem, NotFoundProblem, ForbiddenProblem, ConflictProblem>;
using RetireFailure = CommandFailure<NotFoundProblem, ConflictProblem>;

public sealed record ClauseSummaryDto(Guid Id, string Category, string Title, int LatestVersion, bool IsRetired, string CreatedBy,
    DateTimeOffset CreatedAt, string? RetiredBy, DateTimeOffset? RetiredAt)
{
    public static ClauseSummaryDto From(LibraryClause clause) => new(clause.Id, clause.Category, clause.Title, clause.LatestVersion, clause.IsRetired,
        clause.CreatedBy, clause.CreatedAt, clause.RetiredBy, clause.RetiredAt);
}

public sealed record ClauseVersionDto(int Number, string Text, string PublishedBy, DateTimeOffset PublishedAt)
{
    public static ClauseVersionDto From(LibraryClauseVersion version) => new(version.Number, version.Text, version.PublishedBy, version.PublishedAt);
}

public sealed record ClauseDto(ClauseSummaryDto Clause, IReadOnlyList<ClauseVersionDto> Versions)
{
    public static ClauseDto From(ClauseView view) => new(ClauseSummaryDto.From(view.Clause), view.Versions.Select(ClauseVersionDto.From).ToList());
}

public sealed record NewClauseRequest(string? Category, string? Title, string? Text);

/// <summary>The next wording of a clause, based on the latest version its author read.</summary>
public sealed record PublishClauseRequest(int? BasedOnVersion, string? Text);

public static class ClausesApi
{
    public static RouteGroupBuilder MapClausesApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/clauses").WithTags("Clause library");
        group.MapGet("/", List).WithName("ListClauses").WithSummary("Library clauses by category and title, retired ones flagged; ?category= narrows to one")
            .RequireAuthorization(Policies.Reader);
        group.MapGet("/placeholders", Placeholders).WithName("ListClausePlaceholders")
            .WithSummary("The {{placeholders}} a clause text may use, filled from the agreement that uses it").RequireAuthorization(Policies.Reader);
        group.MapGet("/{id:guid}", Get).WithName("GetClause").WithSummary("A clause with every version, the latest first").RequireAuthorization(Policies.Reader);
        group.MapPost("/", Create).WithName("CreateClause").WithSummary("Add a clause with its first version (Legal)").RequireAuthorization(Policies.ClauseEditor);
        group.MapPost("/{id:guid}/versions", Publish).WithName("PublishClauseVersion")
            .WithSummary("Publish the next version; basedOnVersion is the latest version you read, and 409 says someone published since (Legal)")
            .RequireAuthorization(Policies.ClauseEditor);
        group.MapPost("/{id:guid}/retire", Retire).WithName("RetireClause")
            .WithSummary("Retire a clause: drafts that use it keep it, new uses are refused (Legal)").RequireAuthorization(Policies.ClauseEditor);
        return api;
    }

    private static async Task<Ok<List<ClauseSummaryDto>>> List(ClauseStore clauses, string? category, CancellationToken cancellationToken) =>
        TypedResults.Ok((await clauses.ListAsync(category, cancellationToken)).Select(ClauseSummaryDto.From).ToList());

    private static Ok<List<string>> Placeholders() => TypedResults.Ok(ClausePlaceholders.Names.Select(n => "{{" + n + "}}").ToList());

    private static async Task<Results<Ok<ClauseDto>, NotFoundProblem>> Get(Guid id, ClauseCommands commands, CancellationToken cancellationToken) =>
        await commands.GetAsync(id, cancellationToken) is { } view
            ? TypedResults.Ok(ClauseDto.From(view))
            : new NotFoundProblem($"No library clause has id {id}.");

    private static async Task<Results<Created<ClauseDto>, CommandFailure<ValidationProblem>>> Create(NewClauseRequest request, ClauseCommands commands,
        HttpContext context, CancellationToken cancellationToken)
    {
        var result = await commands.CreateAsync(context.User.UserName(), request.Category, request.Title, request.Text, cancellationToken);
        return result.Status == CommandStatus.Ok
            ? TypedResults.Created($"/api/v1/clauses/{result.Value!.Clause.Id}", ClauseDto.From(result.Value))
            : CommandFailure<ValidationProblem>.For(context, result);
    }

    private static async Task<Results<Created<ClauseDto>, PublishFailure>> Publish(Guid id, PublishClauseRequest request, ClauseCommands commands,
        HttpContext context, CancellationToken cancellationToken)
    {
        var result = await commands.PublishAsync(context.User.UserName(), id, request.BasedOnVersion, request.Text, cancellationToken);
        return result.Status == CommandStatus.Ok
            ? TypedResults.Created($"/api/v1/clauses/{id}", ClauseDto.From(result.Value!))
            : PublishFailure.For(context, result);
    }

    private static async Task<Results<Ok<ClauseDto>, RetireFailure>> Retire(Guid id, ClauseCommands commands, HttpContext context,
        CancellationToken cancellationToken)
    {
        var result = await commands.RetireAsync(context.User.UserName(), id, cancellationToken);
        return result.Status == CommandStatus.Ok ? TypedResults.Ok(ClauseDto.From(result.Value!)) : RetireFailure.For(context, result);
    }
}
