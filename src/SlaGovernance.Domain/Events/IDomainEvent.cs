namespace SlaGovernance.Domain.Events;

/// <summary>
/// A fact one feature tells the others once it is committed: an agreement signed, a version approved, the budget calendar
/// changed. It is written in the transaction that made it true and handed to every handler of its type at least once.
/// </summary>
public interface IDomainEvent
{
    /// <summary>The stored name of the event's type, such as "agreement.signed"; never renamed once stored.</summary>
    static abstract string Type { get; }

    /// <summary>What the event is about, for finding its events: an agreement's id, say.</summary>
    string SubjectId { get; }
}
