using NodaTime;

namespace SlaGovernance.Domain.Compliance;

/// <summary>The hours in which the service is promised: always, or a business calendar.</summary>
public abstract class ServiceWindow
{
    public static ServiceWindow AlwaysOn { get; } = new AlwaysOnWindow();

    /// <summary>The parts of <paramref name="period"/> inside the window.</summary>
    public abstract IntervalSet Within(Interval period);

    private sealed class AlwaysOnWindow : ServiceWindow
    {
        public override IntervalSet Within(Interval period) => IntervalSet.From(period);

        public override string ToString() => "24x7";
    }
}
