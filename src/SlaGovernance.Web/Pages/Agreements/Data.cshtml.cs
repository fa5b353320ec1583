using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SlaGovernance.Data;
using SlaGovernance.Data.Agreements;
using SlaGovernance.Data.RawData;
using SlaGovernance.Domain.Identity;
using SlaGovernance.Web.Features;
using SlaGovernance.Web.Features.RawData;
using SlaGovernance.Web.Identity;

namespace SlaGovernance.Web.Pages.Agreements;

/// <summary>An agreement's raw performance data: upload a file, see earlier uploads, decide the exclusions a vendor proposed.</summary>
[Authorize(Policy = Policies.Reader)]
[RequestSizeLimit(256 * 1024 * 1024)]
[RequestFormLimits(MultipartBodyLengthLimit = 256 * 1024 * 1024)]
public sealed class DataModel(AgreementStore agreements, RawDataStore store, RawDataUploads uploads) : PageModel
{
    public AgreementRow? Agreement { get; private set; }
    public IReadOnlyList<DataUploadRow> Uploads { get; private set; } = [];
    public IReadOnlyList<ExclusionRecordDto> Proposed { get; private set; } = [];
    public IReadOnlyList<RowError> RowErrors { get; private set; } = [];
    public string? Problem { get; private set; }
    public bool CanUpload => Roles.DataUploaders.Any(User.IsInRole);

    /// <summary>Force majeure and third-party exclusions are Legal's (or an administrator's); the rest are the data uploaders'.</summary>
    public bool CanDecide(ExclusionRecordDto exclusion) => exclusion.DecidedByLegal
        ? User.IsInRole(Roles.Legal) || User.IsInRole(Roles.Admin)
        : CanUpload;

    [BindProperty]
    public string? DecisionReason { get; set; }

    [BindProperty]
    public string? Kind { get; set; }

    [BindProperty]
    public IFormFile? DataFile { get; set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken) =>
        await LoadAsync(id, cancellationToken) ? Page() : NotFound();

    public async Task<IActionResult> OnPostUploadAsync(Guid id, CancellationToken cancellationToken)
    {
        if (!CanUpload)
            return Forbid();
        if (RawDataKinds.FromSlug(Kind) is not { } kind)
            return await ShowAsync(id, StatusCodes.Status400BadRequest, "Choose what the file holds.", cancellationToken);
        if (DataFile is null || DataFile.Length == 0)
            return await ShowAsync(id, StatusCodes.Status400BadRequest, "Choose a CSV or JSON file to upload.", cancellationToken);
        var format = DataFile.FileName.EndsWith(".json", StringComparison.OrdinalIgnoreCase) || DataFile.ContentType == "application/json"
            ? RawFileFormat.Json
            : RawFileFormat.Csv;
        await using var stream = DataFile.OpenReadStream();
        var (result, refused) = await uploads.UploadAsync(id, kind, format, DataFile.FileName, stream, Uploader.Of(User), cancellationToken);
        if (result.Status == CommandStatus.Ok)
        {
            var upload = result.Value!.Upload;
            TempData["Flash"] = result.Value.Duplicate
                ? $"{DataFile.FileName} was uploaded before ({upload.UploadedAt:u}, {upload.RowCount} rows); nothing changed."
                : $"{DataFile.FileName}: {upload.RowCount} rows of {kind.Slug()} stored.";
            return Redirect($"/agreements/{id}/data");
        }
        RowErrors = refused?.Rows ?? [];
        return await ShowAsync(id, CommandStatuses.PageStatus(result.Status),
            result.Message ?? $"{DataFile.FileName} was refused and nothing was stored: correct the rows below and upload it again.", cancellationToken);
    }

    public Task<IActionResult> OnPostAcceptAsync(Guid id, Guid exclusionId, CancellationToken cancellationToken) =>
        DecideAsync(id, exclusionId, true, cancellationToken);

    public Task<IActionResult> OnPostRejectAsync(Guid id, Guid exclusionId, CancellationToken cancellationToken) =>
        DecideAsync(id, exclusionId, false, cancellationToken);

    private async Task<IActionResult> DecideAsync(Guid id, Guid exclusionId, bool accept, CancellationToken cancellationToken)
    {
        if (!CanUpload && !User.IsInRole(Roles.Legal))
            return Forbid();
        var result = await uploads.DecideExclusionAsync(id, exclusionId, accept, DecisionReason, User.UserName(), User.Roles(), cancellationToken);
        if (result.Status != CommandStatus.Ok)
            return await ShowAsync(id, CommandStatuses.PageStatus(result.Status), result.Message ?? "The exclusion was not decided.", cancellationToken);
        TempData["Flash"] = $"Exclusion {(accept ? "accepted" : "rejected")}: {result.Value!.DecisionReason} The reports of the periods it overlaps are being computed again.";
        return Redirect($"/agreements/{id}/data");
    }

    private async Task<IActionResult> ShowAsync(Guid id, int status, string problem, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken))
            return NotFound();
        Response.StatusCode = status;
        Problem = problem;
        return Page();
    }

    private async Task<bool> LoadAsync(Guid id, CancellationToken cancellationToken)
    {
        Agreement = await agreements.GetAsync(id, cancellationToken);
        if (Agreement is null)
            return false;
        Uploads = (await store.UploadsAsync(id, new PageRequest(1, 50), cancellationToken)).Items;
        Proposed = await ExclusionRecordDto.ListAsync(await store.ExclusionsAsync(id, ExclusionStatus.Proposed, cancellationToken), uploads, cancellationToken);
        return true;
    }
}
