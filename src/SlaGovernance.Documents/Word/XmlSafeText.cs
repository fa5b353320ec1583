using System.Text;

namespace SlaGovernance.Documents.Word;

/// <summary>Makes any string storable in XML 1.0: characters it forbids (C0 controls, U+FFFE/U+FFFF, lone surrogates) become U+FFFD.</summary>
public static class XmlSafeText
{
    public const char Replacement = '\uFFFD';

    public static string Clean(string? text)
    {
        if (string.IsNullOrEmpty(text))
            return "";
        var firstInvalid = FirstInvalid(text);
        if (firstInvalid < 0)
            return text;
        var cleaned = new StringBuilder(text.Length);
        cleaned.Append(text, 0, firstInvalid);
        for (var i = firstInvalid; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                cleaned.Append(c).Append(text[++i]);
                continue;
            }
            cleaned.Append(IsAllowedAlone(c) ? c : Replacement);
        }
        return cleaned.ToString();
    }

    private static int FirstInvalid(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
                i++;
            else if (!IsAllowedAlone(c))
                return i;
        }
        return -1;
    }

    private static bool IsAllowedAlone(char c) =>
        c is '\t' or '\n' or '\r' || (c >= '\u0020' && c <= '\uD7FF') || (c >= '\uE000' && c <= '\uFFFD');
}
