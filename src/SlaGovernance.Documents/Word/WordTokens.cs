using System.Globalization;
using System.Text;

namespace SlaGovernance.Documents.Word;

/// <summary>
/// Splits text into the units a reader compares: words (letters, digits and marks, with "99.9", "24x7", "don't" or
/// "2027-03-15" kept whole), runs of white space, and every other character alone. A surrogate pair is never split.
/// </summary>
internal static class WordTokens
{
    public static void Split(string text, List<string> into)
    {
        var start = 0;
        while (start < text.Length)
        {
            var end = start + RuneLength(text, start);
            if (char.IsWhiteSpace(text[start]))
            {
                while (end < text.Length && char.IsWhiteSpace(text[end]))
                    end++;
            }
            else if (IsWordRune(text, start))
            {
                while (end < text.Length)
                {
                    if (IsWordRune(text, end))
                        end += RuneLength(text, end);
                    else if (IsJoiner(text[end]) && end + 1 < text.Length && IsWordRune(text, end + 1))
                        end++;
                    else
                        break;
                }
            }
            into.Add(text.Substring(start, end - start));
            start = end;
        }
    }

    public static List<string> Split(string text)
    {
        var tokens = new List<string>();
        Split(text, tokens);
        return tokens;
    }

    private static int RuneLength(string text, int index) =>
        char.IsHighSurrogate(text[index]) && index + 1 < text.Length && char.IsLowSurrogate(text[index + 1]) ? 2 : 1;

    private static bool IsWordRune(string text, int index)
    {
        if (Rune.DecodeFromUtf16(text.AsSpan(index), out var rune, out _) != System.Buffers.OperationStatus.Done)
            return false;
        return Rune.GetUnicodeCategory(rune) switch
        {
            UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter or UnicodeCategory.TitlecaseLetter
                or UnicodeCategory.ModifierLetter or UnicodeCategory.OtherLetter or UnicodeCategory.DecimalDigitNumber
                or UnicodeCategory.LetterNumber or UnicodeCategory.OtherNumber or UnicodeCategory.NonSpacingMark
                or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark or UnicodeCategory.ConnectorPunctuation => true,
            _ => false,
        };
    }

    private static bool IsJoiner(char c) => c is '.' or ',' or '\'' or '\u2019' or '-' or '/' or ':';
}
