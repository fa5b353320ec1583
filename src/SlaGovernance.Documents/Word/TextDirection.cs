namespace SlaGovernance.Documents.Word;

/// <summary>Whether text is predominantly right-to-left, judged by its strong letters (Hebrew, Arabic and neighbouring scripts against the rest).</summary>
public static class TextDirection
{
    public static bool IsPredominantlyRightToLeft(string text)
    {
        int rightToLeft = 0, leftToRight = 0;
        foreach (var c in text)
        {
            if (IsRightToLeftLetter(c))
                rightToLeft++;
            else if (char.IsLetter(c))
                leftToRight++;
        }
        return rightToLeft > leftToRight;
    }

    private static bool IsRightToLeftLetter(char c) =>
        c is (>= '\u0590' and <= '\u08FF') or (>= '\uFB1D' and <= '\uFDFF') or (>= '\uFE70' and <= '\uFEFC');
}
