using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Http.HttpResults;
using SlaGovernance.Data;
using SlaGovernance.Data.Vendors;
using SlaGovernance.Domain.Vendors;
using SlaGovernance.Web.Api;
using SlaGovernance.Web.Identity;

namespace SlaGovernance.Web.Features.Vendors;

using VendorChangeFailure = CommandFailure<ValidationProblem, NotFoundProblem, PreconditionFailedProblem>;

public sealed record VendorRequest
{
    [Required]
    public string? Name { get; init; }

    public string? ContactName { get; init; }
    public string? ContactEmail { get; init; }

    /// <summary>Low, Medium, High or Critical.</summary>
    [Required]
    public string? RiskTier { get; init; }

    public string? Notes { get; init; }

    /// <summary>The vendor manager who owns the vendor: its reminders and tasks go to them. Leave out for none.</summary>
    public Guid? OwnerUserId { get; init; }

    public VendorInput ToInput() => new(Name, ContactName, ContactEmail, RiskTier, Notes, OwnerUserId);
}

/// <param name="RiskTierSource">Manual (set by hand) until an assessment sets the tier.</param>
public sealed record VendorDto(Guid Id, string Name, string? ContactName, string? ContactEmail, string RiskTier, string RiskTierSource, string? Notes,
    Guid? OwnerUserId, bool IsArchived, int Version, DateTimeOffset CreatedAt, string CreatedBy, DateTimeOffset UpdatedAt, string UpdatedBy)
{
    public static VendorDto From(VendorRow row) => new(row.Id, row.Name, row.ContactName, row.ContactEmail, row.RiskTier.ToString(),
        row.RiskTierSource, row.Notes, row.OwnerUserId, row.IsArchived, row.Version, row.CreatedAt, row.CreatedBy, row.UpdatedAt, row.UpdatedBy);
}

public static class VendorsApi
{
    public static RouteGroupBuilder MapVendorsApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/vendors").WithTags("Vendors");
        group.MapGet("/", List).WithName("ListVendors").WithSummary("Vendors, paged, searchable by name").RequireAuthorization(Policies.Reader);
        group.MapGet("/{id:guid}", Get).WithName("GetVendor").WithSummary("One vendor, with its version as ETag").RequireAuthorization(Policies.Reader);
        group.MapPost("/", Create).WithName("CreateVendor").WithSummary("Create a vendor").RequireAuthorization(Policies.VendorEditor);
        group.MapPut("/{id:guid}", Update).WithName("UpdateVendor").WithSummary("Change a vendor; requires If-Match").RequireAuthorization(Policies.VendorEditor);
        group.MapPost("/{id:guid}/archive", Archive).WithName("ArchiveVendor").WithSummary("Archive a vendor; requires If-Match").RequireAuthorization(Policies.VendorEditor);
        group.MapPost("/{id:guid}/restore", Restore).WithName("RestoreVendor").WithSummary("Restore an archived vendor; requires If-Match").RequireAuthorization(Policies.VendorEditor);
        return api;
    }

    private static async Task<Ok<PageDto<VendorDto>>> List(VendorStore vendors, string? search, int? page, int? pageSize,
        bool? includeArchived, CancellationToken cancellationToken)
    {
        var result = await vendors.ListAsync(new VendorQuery(search, includeArchived ?? false, PageRequest.Of(page, pageSize)), cancellationToken);
        return TypedResults.Ok(new PageDto<VendorDto>(result.Items.Select(VendorDto.From).ToList(), result.PageNumber, result.PageSize, result.Total));
    }

    private static async Task<Results<Ok<VendorDto>, NotFoundProblem>> Get(Guid id, VendorStore vendors, HttpContext context,
        CancellationToken cancellationToken)
    {
        var row = await vendors.GetAsync(id, cancellationToken);
        if (row is null)
            return new NotFoundProblem($"No vendor has id {id}.");
        context.Response.Headers.ETag = ETags.For(row.Version);
        return TypedResults.Ok(VendorDto.From(row));
    }

    private static async Task<Results<Created<VendorDto>, CommandFailure<ValidationProblem>>> Create(VendorRequest request, VendorCommands commands,
        HttpContext context, CancellationToken cancellationToken)
    {
        var result = await commands.CreateAsync(context.User.UserName(), request.ToInput(), cancellationToken);
        if (result.Status != CommandStatus.Ok)
            return CommandFailure<ValidationProblem>.For(context, result);
        context.Response.Headers.ETag = ETags.For(result.Value!.Version);
        return TypedResults.Created($"/api/v1/vendors/{result.Value.Id}", VendorDto.From(result.Value));
    }

    private static async Task<Results<Ok<VendorDto>, VendorChangeFailure, PreconditionRequiredProblem>> Update(Guid id, VendorRequest request,
        VendorCommands commands, HttpContext context, CancellationToken cancellationToken)
    {
        if (ETags.FromIfMatch(context.Request) is not { } version)
            return ETags.PreconditionRequired();
        var result = await commands.UpdateAsync(context.User.UserName(), id, request.ToInput(), version, cancellationToken);
        return result.Status == CommandStatus.Ok ? Changed(context, result.Value!) : VendorChangeFailure.For(context, result, v => v.Version);
    }

    private static Task<Results<Ok<VendorDto>, VendorChangeFailure, PreconditionRequiredProblem>> Archive(Guid id, VendorCommands commands,
        HttpContext context, CancellationToken cancellationToken) =>
        SetArchived(id, true, commands, context, cancellationToken);

    private static Task<Results<Ok<VendorDto>, VendorChangeFailure, PreconditionRequiredProblem>> Restore(Guid id, VendorCommands commands,
        HttpContext context, CancellationToken cancellationToken) =>
        SetArchived(id, false, commands, context, cancellationToken);

    private static async Task<Results<Ok<VendorDto>, VendorChangeFailure, PreconditionRequiredProblem>> SetArchived(Guid id, bool archived,
        VendorCommands commands, HttpContext context, CancellationToken cancellationToken)
    {
        if (ETags.FromIfMatch(context.Request) is not { } version)
            return ETags.PreconditionRequired();
        var result = await commands.SetArchivedAsync(context.User.UserName(), id, archived, version, cancellationToken);
        return result.Status == CommandStatus.Ok ? Changed(context, result.Value!) : VendorChangeFailure.For(context, result, v => v.Version);
    }

    private static Ok<VendorDto> Changed(HttpContext context, VendorRow vendor)
    {
        context.Response.Headers.ETag = ETags.For(vendor.Version);
        return TypedResults.Ok(VendorDto.From(vendor));
    }
}
