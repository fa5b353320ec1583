using SlaGovernance.Domain.Agreements;
using SlaGovernance.Domain.Validation;

namespace SlaGovernance.Domain.Clauses;

/// <summary>What a library clause and each published wording must satisfy, with a message per field (category, title, text).</summary>
public static class ClauseRules
{
    public const int MaxCategory = 100;
    public const int MaxTitle = 300;

    public static ValidationErrors ValidateNew(string? category, string? title, string? text)
    {
        var errors = new ValidationErrors();
        if (string.IsNullOrWhiteSpace(category))
            errors.Add("category", "Give the clause a category, such as Liability or Confidentiality.");
        else if (category.Trim().Length > MaxCategory)
            errors.Add("category", $"The category is longer than {MaxCategory} characters.");
        if (string.IsNullOrWhiteSpace(title))
            errors.Add("title", "Give the clause a title.");
        else if (title.Trim().Length > MaxTitle)
            errors.Add("title", $"The title is longer than {MaxTitle} characters.");
        ValidateText(text, errors);
        return errors;
    }

    public static void ValidateText(string? text, ValidationErrors errors)
    {
        if (string.IsNullOrWhiteSpace(text))
            errors.Add("text", "Give the clause its text.");
        else if (text.Length > AgreementRules.MaxClause)
            errors.Add("text", $"The clause is longer than {AgreementRules.MaxClause:N0} characters.");
        else
            foreach (var problem in ClausePlaceholders.Problems(text))
                errors.Add("text", problem);
    }

    /// <summary>
    /// Checks the library clauses a draft uses: each names a clause and a version that exist, and a retired clause only where
    /// the draft already used that version (<paramref name="usedBefore"/>), so retiring a clause stops new uses without
    /// breaking drafts that have it.
    /// </summary>
    public static void ValidateUses(AgreementContent content, IReadOnlyDictionary<Guid, LibraryClause> library, AgreementContent? usedBefore,
        ValidationErrors errors)
    {
        var previous = (usedBefore?.Clauses ?? []).Where(c => !c.IsNonStandard).Select(c => (c.LibraryClauseId, c.LibraryVersion)).ToHashSet();
        for (var i = 0; i < (content.Clauses?.Count ?? 0); i++)
        {
            var use = content.Clauses![i];
            if (use.LibraryClauseId is not { } id)
                continue;
            if (!library.TryGetValue(id, out var clause))
                errors.Add($"clauses[{i}].libraryClauseId",
                    $"No library clause has id {id}; choose one from the clause library, or mark the clause non-standard and give its text.");
            else if (use.LibraryVersion is { } number && number > 0 && !clause.HasVersion(number))
                errors.Add($"clauses[{i}].libraryVersion",
                    $"{clause.Title} has versions 1 to {clause.LatestVersion}; there is no version {number}.");
            else if (clause.IsRetired && !previous.Contains((id, use.LibraryVersion)))
                errors.Add($"clauses[{i}].libraryClauseId",
                    $"{clause.Title} was retired by Legal{(clause.RetiredAt is { } at ? $" on {at:yyyy-MM-dd}" : "")} and takes no new uses; " +
                    "choose another clause from the library, or mark this one non-standard.");
        }
    }
}
