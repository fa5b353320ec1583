using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SlaGovernance.Data.Agreements;
using SlaGovernance.Domain.Identity;
using SlaGovernance.Web.Features;
using SlaGovernance.Web.Features.Agreements;
using SlaGovernance.Web.Identity;

namespace SlaGovernance.Web.Pages.Agreements;

/// <summary>The contract template: what contracts are generated from, the field names a template may use, and (Legal, Admin) upload or removal.</summary>
public sealed class ContractTemplateModel(ContractTemplates templates) : PageModel
{
    public ContractTemplateRow? Current { get; private set; }
    public bool CanManage => User.IsInRole(Roles.Legal) || User.IsInRole(Roles.Admin);
    public IReadOnlyList<string> FileErrors { get; private set; } = [];

    [BindProperty]
    public IFormFile? Template { get; set; }

    public async Task OnGetAsync(CancellationToken cancellationToken) => Current = await templates.CurrentAsync(cancellationToken);

    public async Task<IActionResult> OnGetFileAsync(CancellationToken cancellationToken) =>
        await templates.CurrentAsync(cancellationToken) is { } current
            ? File(current.Content, SlaGovernance.Documents.Contracts.ContractDocument.ContentType, current.FileName)
            : NotFound();

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (!CanManage)
            return Forbid();
        var content = await SignedCopy.ReadAllAsync(Template, cancellationToken);
        var result = await templates.UploadAsync(User.UserName(), Template?.FileName, content, cancellationToken);
        if (result.Status == CommandStatus.Ok)
        {
            TempData["Flash"] = $"Contracts are now generated from {result.Value!.FileName}.";
            return Redirect("/contract-template");
        }
        Current = await templates.CurrentAsync(cancellationToken);
        FileErrors = result.Errors?.GetValueOrDefault("file") ?? [result.Message ?? "The template was not accepted."];
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }

    public async Task<IActionResult> OnPostRemoveAsync(CancellationToken cancellationToken)
    {
        if (!CanManage)
            return Forbid();
        TempData["Flash"] = await templates.RemoveAsync(User.UserName(), cancellationToken)
            ? "Contracts are generated with the built-in layout again."
            : "No template was in use.";
        return Redirect("/contract-template");
    }
}
