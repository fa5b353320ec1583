namespace SlaGovernance.Web.Pages.Changes;

/// <summary>The problems a change-request form lists at its top, each with the id of the field it is about (none for the request as a whole).</summary>
public sealed record ErrorSummaryView(IReadOnlyList<(string Message, string? Anchor)> Items, string Doing)
{
    public int Count => Items.Count;

    /// <summary>
    /// The messages of a command's field errors: those of the form's own fields link to them; any other field's (the agreement, or
    /// the proposed version's content) link to <paramref name="elsewhere"/> when given.
    /// </summary>
    public static ErrorSummaryView Of(IReadOnlyDictionary<string, string[]> errors, ChangeRequestFormView? form, string doing, string? elsewhere = null) =>
        new([.. errors.SelectMany(e => e.Value.Select(message => (message,
            form is not null && ChangeRequestFormView.Fields.Contains(e.Key) ? "#" + form.Anchor(e.Key) : elsewhere)))], doing);
}
