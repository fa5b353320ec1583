using System.Text;
using SlaGovernance.Notifications.Calendar;

namespace SlaGovernance.Notifications.Tests;

public sealed class CalendarFileTests
{
    private static readonly DateTimeOffset Stamp = new(2026, 11, 26, 12, 30, 15, 250, TimeSpan.FromHours(1));

    private static readonly AllDayEvent Decision = new("4f1c-t0-decision@slagovernance", new DateOnly(2030, 12, 30),
        "Renewal decision due: =SUM(1,2) Alpha; hosting",
        "Alpha; hosting\r\nTerm 2030-01-01 to 2030-12-31 (Europe/Berlin), back\\slash\nÜnïcödé 📞 " + string.Concat(Enumerable.Repeat("déjà vu 😀, ", 12)),
        "Renewal decision");

    private static readonly AllDayEvent Notice = new("4f1c-t0-notice@slagovernance", new DateOnly(2031, 3, 30), "Notice deadline: Alpha");

    [Fact]
    public void The_file_parses_with_Ical_Net_and_round_trips_every_event()
    {
        var text = CalendarFile.Write("SlaGovernance key dates (ada, finance)", [Decision, Notice], Stamp);

        var calendar = Ical.Net.Calendar.Load(text)!;
        Assert.Equal("2.0", calendar.Version);
        Assert.Equal("PUBLISH", calendar.Method);
        Assert.Equal("SlaGovernance key dates (ada, finance)", calendar.Properties["X-WR-CALNAME"]!.Value);
        Assert.Equal([Decision.Uid, Notice.Uid], calendar.Events.Select(e => e.Uid));
        var decision = calendar.Events.Single(e => e.Uid == Decision.Uid);
        Assert.False(decision.DtStart!.HasTime);
        Assert.Equal(Decision.Date, DateOnly.FromDateTime(decision.DtStart.Value));
        Assert.Equal(Decision.Date.AddDays(1), DateOnly.FromDateTime(decision.DtEnd!.Value));
        Assert.Equal(new DateTime(2026, 11, 26, 11, 30, 15, DateTimeKind.Utc), decision.DtStamp!.AsUtc);
        Assert.Equal(Decision.Summary, decision.Summary);
        Assert.Equal(Decision.Description!.Replace("\r\n", "\n", StringComparison.Ordinal), decision.Description);
        Assert.Equal(["Renewal decision"], decision.Categories);
        Assert.Equal("TRANSPARENT", decision.Transparency);
        var notice = calendar.Events.Single(e => e.Uid == Notice.Uid);
        Assert.Null(notice.Description);
        Assert.Empty(notice.Categories);
    }

    [Fact]
    public void Text_is_escaped_and_lines_are_folded_at_75_octets_between_whole_characters()
    {
        var text = CalendarFile.Write("Key dates; tab\there", [Decision], Stamp);

        Assert.StartsWith("BEGIN:VCALENDAR\r\n", text);
        Assert.EndsWith("END:VCALENDAR\r\n", text);
        Assert.DoesNotContain("\n", text.Replace("\r\n", "", StringComparison.Ordinal));
        var lines = text.Split("\r\n");
        Assert.All(lines, line => Assert.True(Encoding.UTF8.GetByteCount(line) <= 75, $"Longer than 75 octets: {line}"));
        Assert.Contains(lines, line => line.StartsWith(' '));
        var unfolded = text.Replace("\r\n ", "", StringComparison.Ordinal).Split("\r\n");
        Assert.Contains("METHOD:PUBLISH", unfolded);
        Assert.Contains(@"X-WR-CALNAME:Key dates\; tab here", unfolded);
        Assert.Contains(@"SUMMARY:Renewal decision due: =SUM(1\,2) Alpha\; hosting", unfolded);
        Assert.Contains(unfolded, line => line.StartsWith(@"DESCRIPTION:Alpha\; hosting\nTerm 2030-01-01 to 2030-12-31 (Europe/Berlin)\, back\\slash\nÜnïcödé 📞 ",
            StringComparison.Ordinal));
        Assert.Contains("DTSTART;VALUE=DATE:20301230", unfolded);
        Assert.Contains("DTEND;VALUE=DATE:20301231", unfolded);
        Assert.Contains("DTSTAMP:20261126T113015Z", unfolded);
    }

    [Fact]
    public void Emoji_survive_folding_wherever_the_fold_falls()
    {
        // Four offsets put a fold at every position within a four-octet character.
        var events = Enumerable.Range(0, 4)
            .Select(k => new AllDayEvent($"emoji-{k}@slagovernance", new DateOnly(2031, 1, 1), new string('x', k) + string.Concat(Enumerable.Repeat("📞", 40))))
            .ToList();
        var text = CalendarFile.Write("Emoji", events, Stamp);

        Assert.All(text.Split("\r\n"), line => Assert.False(line.Length > 0 && (char.IsHighSurrogate(line[^1]) || char.IsLowSurrogate(line[0])),
            $"Folded inside a surrogate pair: {line}"));
        Assert.Equal(events.Select(e => e.Summary), Ical.Net.Calendar.Load(Encoding.UTF8.GetString(Encoding.UTF8.GetBytes(text)))!.Events.Select(e => e.Summary));
    }

    [Fact]
    public void A_file_written_again_later_keeps_each_event_uid_so_calendars_update_it()
    {
        var first = Ical.Net.Calendar.Load(CalendarFile.Write("Reminder", [Notice], Stamp))!.Events.Single();
        var again = Ical.Net.Calendar.Load(CalendarFile.Write("Reminder", [Notice with { Summary = "Notice deadline moved: Alpha" }], Stamp.AddDays(3)))!.Events.Single();

        Assert.Equal(first.Uid, again.Uid);
        Assert.True(again.DtStamp!.AsUtc > first.DtStamp!.AsUtc);
        Assert.Equal("Notice deadline moved: Alpha", again.Summary);
    }
}
