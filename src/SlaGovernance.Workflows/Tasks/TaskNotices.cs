using SlaGovernance.Data;
using SlaGovernance.Data.Identity;
using SlaGovernance.Workflows.Emails;

namespace SlaGovernance.Workflows.Tasks;

/// <summary>
/// The emails tasks cause, written to the outbox under a key per task and event, so a replay writes none twice.
/// </summary>
public sealed class TaskNotices(IWorkflowEmails emails, UserStore users)
{
    public string TaskLink(Guid taskId) => $"{emails.PublicBaseUrl.TrimEnd('/')}/tasks/{taskId}";

    /// <summary>The person holding the task, or every active member of its role.</summary>
    public async Task<IReadOnlyList<EmailRecipient>> HoldersAsync(TaskRow task, CancellationToken cancellationToken)
    {
        if (task.AssigneeUserId is { } userId)
            return await users.GetAsync(userId, cancellationToken) is { IsActive: true, Email: { } email } user ? [new EmailRecipient(email, user.DisplayName)] : [];
        return task.AssigneeRole is { } role ? await RoleAsync(role, cancellationToken) : [];
    }

    /// <summary>The active person with this user name, if they have an email address.</summary>
    public async Task<IReadOnlyList<EmailRecipient>> PersonAsync(string userName, CancellationToken cancellationToken) =>
        await users.FindByUserNameAsync(userName, cancellationToken) is { IsActive: true, Email: { } email } user && !string.IsNullOrWhiteSpace(email)
            ? [new EmailRecipient(email, user.DisplayName)]
            : [];

    public async Task<IReadOnlyList<EmailRecipient>> RoleAsync(string role, CancellationToken cancellationToken) =>
        (await users.ActiveInRoleAsync(role, cancellationToken)).Where(u => !string.IsNullOrWhiteSpace(u.Email))
            .Select(u => new EmailRecipient(u.Email!, u.DisplayName)).ToList();

    public async Task OpenedAsync(UnitOfWork unit, TaskRow task, CancellationToken cancellationToken) =>
        await OpenedAsync(unit, task, await HoldersAsync(task, cancellationToken), cancellationToken);

    /// <summary>The email announcing a task, to recipients looked up beforehand (outside the transaction that writes it).</summary>
    public async Task OpenedAsync(UnitOfWork unit, TaskRow task, IReadOnlyList<EmailRecipient> to, CancellationToken cancellationToken)
    {
        if (to.Count > 0)
            await emails.EnqueueAsync(unit, $"task/{task.Id}/opened", to, $"Task for you: {task.Title}", Body(task,
                $"A task is waiting for you: {task.Title}."), cancellationToken);
    }

    public async Task ReminderAsync(UnitOfWork unit, TaskRow task, int number, CancellationToken cancellationToken)
    {
        var to = await HoldersAsync(task, cancellationToken);
        if (to.Count > 0)
            await emails.EnqueueAsync(unit, $"task/{task.Id}/reminder/{number}", to, $"Reminder: {task.Title} is due {task.DueAt:yyyy-MM-dd HH:mm} UTC",
                Body(task, $"This task is still open and is due at {task.DueAt:yyyy-MM-dd HH:mm} UTC."), cancellationToken);
    }

    public async Task EscalatedAsync(UnitOfWork unit, TaskRow task, IReadOnlyList<EmailRecipient> previousHolders, CancellationToken cancellationToken)
    {
        var to = (await RoleAsync(task.EscalateToRole!, cancellationToken)).Concat(previousHolders).DistinctBy(a => a.Address.ToUpperInvariant()).ToList();
        if (to.Count > 0)
            await emails.EnqueueAsync(unit, $"task/{task.Id}/escalated", to, $"Overdue, escalated to {task.EscalateToRole}: {task.Title}",
                Body(task, $"This task was due at {task.DueAt:yyyy-MM-dd HH:mm} UTC and is still open, so it now belongs to {task.EscalateToRole}."),
                cancellationToken);
    }

    /// <summary>
    /// Who a level of an escalation path names: a role's active members, the active person with that user name, or an email
    /// address; none when the contact is only a name (a vendor's service manager, say).
    /// </summary>
    public async Task<IReadOnlyList<EmailRecipient>> ContactAsync(string contact, CancellationToken cancellationToken)
    {
        var name = contact.Trim();
        if (Domain.Identity.Roles.IsKnown(name))
            return await RoleAsync(name, cancellationToken);
        if (await PersonAsync(name, cancellationToken) is { Count: > 0 } person)
            return person;
        return Domain.Validation.EmailAddress.IsValid(name) ? [new EmailRecipient(name)] : [];
    }

    /// <summary>
    /// The email of a level of the path reached: to its contact and the task's holders; a contact the system cannot write to is named,
    /// and the email goes to the task's escalation role as well so that someone passes it on.
    /// </summary>
    public async Task PathEscalatedAsync(UnitOfWork unit, TaskRow task, TaskEscalationLevel level, IReadOnlyList<EmailRecipient> contact,
        IReadOnlyList<EmailRecipient> holders, CancellationToken cancellationToken)
    {
        var fallback = contact.Count == 0 && task.EscalateToRole is { } role ? await RoleAsync(role, cancellationToken) : [];
        var to = contact.Concat(holders).Concat(fallback).DistinctBy(a => a.Address.ToUpperInvariant()).ToList();
        if (to.Count == 0)
            return;
        var about = task.SubjectSummary is { } summary ? $" ({summary})" : "";
        var opening = $"This task was due at {task.DueAt:yyyy-MM-dd HH:mm} UTC and is still open, so it has reached level {level.Level} of the escalation path: " +
                      $"{level.Contact}{(level.AfterMinutes > 0 ? $", {Overdue(level.AfterMinutes)} after it fell due" : ", as soon as it fell due")}." +
                      (contact.Count == 0 ? $" No email address is known for {level.Contact}; please pass this on to them." : "") +
                      " Answer the task, or agree a new date with its holder.";
        await emails.EnqueueAsync(unit, $"task/{task.Id}/escalated/level-{level.Level}", to,
            $"Overdue, escalation level {level.Level} ({level.Contact}): {task.Title}{about}", Body(task, opening), cancellationToken);
    }

    private static string Overdue(int minutes) =>
        minutes % 1440 == 0 ? $"{minutes / 1440} day{(minutes == 1440 ? "" : "s")}"
        : minutes % 60 == 0 ? $"{minutes / 60} hour{(minutes == 60 ? "" : "s")}"
        : $"{minutes} minute{(minutes == 1 ? "" : "s")}";

    private string Body(TaskRow task, string opening)
    {
        var lines = new List<string> { opening, "", $"About: {task.SubjectSummary ?? $"{task.SubjectType} {task.SubjectId}"}" };
        if (TaskWording.Stage(task) is { } stage)
            lines.Add($"Stage: {stage}");
        if (task.RouteReason is { } reason)
            lines.Add($"Why you are asked: {reason}");
        if (task.Note is { } note)
            lines.AddRange(["", note, ""]);
        lines.Add($"Due: {task.DueAt:yyyy-MM-dd HH:mm} UTC");
        lines.Add(task.ClosesOn is { } closesOn
            ? $"This task closes by itself once it is {TaskWording.Closing(closesOn)}."
            : $"Answers: {string.Join(", ", task.OutcomeList.Select(OutcomeLabels.Label))}");
        lines.AddRange(["", $"Open the task: {TaskLink(task.Id)}"]);
        return string.Join("\n", lines) + "\n";
    }
}
