namespace SlaGovernance.Domain.Lifecycles;

/// <summary>One state of a subject: the code stored and sent by the API, and the label people read.</summary>
public sealed record LifecycleState(string Code, string Label);

/// <summary>Whether a subject may move from one state to another, and if not, why, in words.</summary>
public sealed record Transition(string From, string To, string? Refusal)
{
    public bool IsAllowed => Refusal is null;
}

/// <summary>
/// The states of one kind of subject (an agreement, a version, later a change request or an audit) and the moves allowed
/// between them. A state is declared in one line with the states it may be reached from; everything that changes a
/// subject's status asks its lifecycle first, and pages show the state's label, never its code.
/// </summary>
public sealed class Lifecycle
{
    private readonly Dictionary<string, LifecycleState> _states = new(StringComparer.Ordinal);
    private readonly HashSet<(string From, string To)> _moves = [];
    private readonly List<string> _order = [];

    public Lifecycle(string subject) => Subject = subject;

    /// <summary>What the subject is called in messages: "agreement", "agreement version".</summary>
    public string Subject { get; }

    /// <summary>Every state's code in the order declared.</summary>
    public IReadOnlyList<string> States => _order;

    private string Article => "aeiou".Contains(Subject[0], StringComparison.OrdinalIgnoreCase) ? "an" : "a";

    /// <summary>Declares a state and the states a subject may reach it from (none for a state a subject starts in).</summary>
    public Lifecycle State(string code, string label, params string[] from)
    {
        if (!_states.TryAdd(code, new LifecycleState(code, label)))
            throw new ArgumentException($"The {Subject} state '{code}' is declared twice.", nameof(code));
        _order.Add(code);
        foreach (var source in from)
        {
            if (!_states.ContainsKey(source))
                throw new ArgumentException($"The {Subject} state '{code}' is reached from '{source}', which is not declared before it.", nameof(from));
            _moves.Add((source, code));
        }
        return this;
    }

    /// <summary>Allows moves into states declared earlier (a way back, such as changes requested to in approval).</summary>
    public Lifecycle Allow(string from, params string[] to)
    {
        foreach (var target in to)
        {
            if (!_states.ContainsKey(from) || !_states.ContainsKey(target))
                throw new ArgumentException($"'{from}' to '{target}' names a {Subject} state that is not declared.", nameof(to));
            _moves.Add((from, target));
        }
        return this;
    }

    public bool IsState(string? code) => code is not null && _states.ContainsKey(code);

    /// <summary>The label people read; an unknown code is shown as it is stored.</summary>
    public string Label(string? code) => code is not null && _states.TryGetValue(code, out var state) ? state.Label : code ?? "";

    public bool Allows(string from, string to) => _moves.Contains((from, to));

    /// <summary>The states a subject in <paramref name="from"/> may move to, in declaration order.</summary>
    public IReadOnlyList<string> Next(string from) => _order.Where(to => _moves.Contains((from, to))).ToList();

    private static string OneOf(IReadOnlyList<string> labels) =>
        labels.Count == 1 ? labels[0] : $"{string.Join(", ", labels.Take(labels.Count - 1))} or {labels[^1]}";

    /// <summary>The move, or its refusal in words: what the subject is, what it cannot become, and what it can.</summary>
    public Transition Move(string from, string to)
    {
        if (!IsState(to))
            return new(from, to, $"'{to}' is not a state of {Article} {Subject}; the states are {string.Join(", ", _order)}.");
        if (Allows(from, to))
            return new(from, to, null);
        var next = Next(from).Select(Label).ToList();
        return new(from, to, $"{char.ToUpperInvariant(Article[0])}{Article[1..]} {Subject} that is {Label(from)} cannot become {Label(to)}" +
            (next.Count == 0 ? "; it is final." : $"; it can become {OneOf(next)}."));
    }
}
