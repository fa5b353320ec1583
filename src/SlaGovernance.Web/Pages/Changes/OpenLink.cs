namespace SlaGovernance.Web.Pages.Changes;

/// <summary>The commands name the open request by its path at the end of a message; a page links to it instead.</summary>
public static class OpenLink
{
    public static string WithoutPath(string message, Guid requestId)
    {
        var path = $": /changes/{requestId}";
        return message.EndsWith(path, StringComparison.Ordinal) ? message[..^path.Length] + "." : message;
    }
}
