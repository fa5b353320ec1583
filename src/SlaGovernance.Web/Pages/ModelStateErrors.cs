using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace SlaGovernance.Web.Pages;

public static class ModelStateErrors
{
    /// <summary>Puts API-style field errors ("contactEmail") against the form's fields ("Input.ContactEmail").</summary>
    public static void AddFieldErrors(this ModelStateDictionary modelState, IReadOnlyDictionary<string, string[]>? errors, string prefix = "Input")
    {
        foreach (var (field, messages) in errors ?? new Dictionary<string, string[]>())
        {
            var key = $"{prefix}.{char.ToUpperInvariant(field[0])}{field[1..]}";
            foreach (var message in messages)
                modelState.AddModelError(key, message);
        }
    }
}
