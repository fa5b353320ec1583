using System.Net;
using SlaGovernance.Data;
using SlaGovernance.Data.Audit;

namespace SlaGovernance.Web.Identity;

/// <summary>Every password sign-in, succeeded or not, with the user name as typed and the address it came from; never the password.</summary>
public sealed class SignInAudit(Database database, AuditLog audit)
{
    // The audit log's actor column holds 200 characters; a longer name is kept whole in the summary.
    private const int ActorLength = 200;

    public async Task RecordAsync(string? userNameAsTyped, IPAddress? address, SignInStatus status, CancellationToken cancellationToken = default)
    {
        var typed = userNameAsTyped ?? "";
        var from = address?.ToString() ?? "an unknown address";
        var (action, outcome) = status switch
        {
            SignInStatus.Succeeded => ("sign-in.succeeded", "succeeded"),
            SignInStatus.LockedOut => ("sign-in.failed", "failed: the account is locked"),
            _ => ("sign-in.failed", "failed: unknown user name or wrong password"),
        };
        await using var unit = await database.BeginAsync(cancellationToken);
        await audit.AppendAsync(unit, new AuditRecord(typed.Length > ActorLength ? typed[..ActorLength] : typed, action, "SignIn", null,
            $"Sign-in as \"{typed}\" from {from} {outcome}"), cancellationToken);
        await unit.CommitAsync(cancellationToken);
    }
}
