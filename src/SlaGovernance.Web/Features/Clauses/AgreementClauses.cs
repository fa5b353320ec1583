using SlaGovernance.Data.Clauses;
using SlaGovernance.Data.Vendors;
using SlaGovernance.Domain.Agreements;
using SlaGovernance.Domain.Clauses;
using SlaGovernance.Domain.Validation;

namespace SlaGovernance.Web.Features.Clauses;

/// <summary>The clauses of an agreement against the library: checked when a draft is saved or submitted, and rendered to be read or printed.</summary>
public sealed class AgreementClauses(ClauseStore clauses, VendorStore vendors)
{
    /// <summary>Adds an error per library clause use that names no existing clause or version, or a retired clause the draft did not have.</summary>
    public async Task ValidateAsync(AgreementContent content, AgreementContent? usedBefore, ValidationErrors errors, CancellationToken cancellationToken)
    {
        var ids = (content.Clauses ?? []).Select(c => c.LibraryClauseId).OfType<Guid>().ToList();
        if (ids.Count == 0)
            return;
        ClauseRules.ValidateUses(content, await clauses.GetManyAsync(ids, cancellationToken), usedBefore, errors);
    }

    /// <summary>Each clause as it reads in the agreement, the provider named as the vendor or the internal team.</summary>
    public async Task<IReadOnlyList<RenderedClause>> RenderAsync(AgreementContent content, CancellationToken cancellationToken)
    {
        var provider = content.VendorId is { } vendorId && await vendors.GetAsync(vendorId, cancellationToken) is { } vendor ? vendor.Name
            : content.InternalProvider ?? "";
        return await RenderAsync(content, provider, cancellationToken);
    }

    /// <summary>Each clause as it reads in the agreement: a library version with its placeholders filled (title null when the library lacks it), or the non-standard text.</summary>
    public async Task<IReadOnlyList<RenderedClause>> RenderAsync(AgreementContent content, string providerName, CancellationToken cancellationToken)
    {
        var uses = content.Clauses ?? [];
        var keys = uses.Where(u => u is { LibraryClauseId: not null, LibraryVersion: not null })
            .Select(u => (u.LibraryClauseId!.Value, u.LibraryVersion!.Value)).ToList();
        var versions = await clauses.GetVersionsAsync(keys, cancellationToken);
        var titles = await clauses.GetManyAsync(keys.Select(k => k.Item1), cancellationToken);
        return uses.Select(use =>
        {
            if (use.IsNonStandard)
                return new RenderedClause(use, null, use.Text ?? "");
            var key = (use.LibraryClauseId!.Value, use.LibraryVersion ?? 0);
            // Agreements drafted before the library existed may cite a clause it never held; they still read, and print, as citing it.
            if (!versions.TryGetValue(key, out var version) || !titles.TryGetValue(key.Item1, out var clause))
                return new RenderedClause(use, null, $"Version {key.Item2} of library clause {key.Item1} applies; this library does not hold it.");
            return new RenderedClause(use, clause.Title, ClausePlaceholders.Render(version.Text, content, providerName));
        }).ToList();
    }
}
