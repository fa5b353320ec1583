namespace SlaGovernance.Documents.Word;

/// <summary>
/// A longest common subsequence of two sequences of symbols by Myers' O(ND) greedy algorithm, after the common prefix and
/// suffix are set aside. The symbols are ints, so callers intern what they compare (words, paragraphs, rows) once.
/// </summary>
internal static class SequenceDiff
{
    /// <summary>
    /// The matched positions (in <paramref name="a"/>, in <paramref name="b"/>), ascending. When the middle needs more than
    /// <paramref name="maxEdits"/> insertions and deletions, only the common prefix and suffix are matched, which keeps
    /// time and memory bounded for hostile input (the trace grows with the square of the edits).
    /// </summary>
    public static List<(int A, int B)> Matches(ReadOnlySpan<int> a, ReadOnlySpan<int> b, int maxEdits = 1000)
    {
        var prefix = 0;
        while (prefix < a.Length && prefix < b.Length && a[prefix] == b[prefix])
            prefix++;
        var suffix = 0;
        while (suffix < a.Length - prefix && suffix < b.Length - prefix && a[^(suffix + 1)] == b[^(suffix + 1)])
            suffix++;

        var matches = new List<(int, int)>(Math.Min(a.Length, b.Length));
        for (var i = 0; i < prefix; i++)
            matches.Add((i, i));
        Middle(a[prefix..^suffix], b[prefix..^suffix], prefix, maxEdits, matches);
        for (var i = suffix; i > 0; i--)
            matches.Add((a.Length - i, b.Length - i));
        return matches;
    }

    private static void Middle(ReadOnlySpan<int> a, ReadOnlySpan<int> b, int offset, int maxEdits, List<(int, int)> matches)
    {
        int n = a.Length, m = b.Length;
        if (n == 0 || m == 0)
            return;
        var limit = Math.Min(n + m, maxEdits);
        var centre = limit + 1;
        var v = new int[2 * limit + 3];
        // trace[d] holds v for diagonals -d-1..d+1 as they stood before step d, which is all the backtrack reads.
        var trace = new List<int[]>();
        for (var d = 0; d <= limit; d++)
        {
            trace.Add(v.AsSpan(centre - d - 1, 2 * d + 3).ToArray());
            for (var k = -d; k <= d; k += 2)
            {
                var x = k == -d || (k != d && v[centre + k - 1] < v[centre + k + 1]) ? v[centre + k + 1] : v[centre + k - 1] + 1;
                var y = x - k;
                while (x < n && y < m && a[x] == b[y])
                {
                    x++;
                    y++;
                }
                v[centre + k] = x;
                if (x >= n && y >= m)
                {
                    Backtrack(trace, n, m, offset, matches);
                    return;
                }
            }
        }
    }

    private static void Backtrack(List<int[]> trace, int n, int m, int offset, List<(int, int)> matches)
    {
        var found = new List<(int, int)>();
        int x = n, y = m;
        for (var d = trace.Count - 1; d >= 0; d--)
        {
            var v = trace[d];
            var k = x - y;
            int At(int diagonal) => v[diagonal + d + 1];
            var previousK = k == -d || (k != d && At(k - 1) < At(k + 1)) ? k + 1 : k - 1;
            var previousX = d == 0 ? 0 : At(previousK);
            var previousY = d == 0 ? 0 : previousX - previousK;
            while (x > previousX && y > previousY)
            {
                x--;
                y--;
                found.Add((offset + x, offset + y));
            }
            x = previousX;
            y = previousY;
        }
        found.Reverse();
        matches.AddRange(found);
    }
}
