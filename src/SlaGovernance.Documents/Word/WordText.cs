using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Wordprocessing;

namespace SlaGovernance.Documents.Word;

/// <summary>Turns free text into a Word run: XML-safe, tabs and line breaks as Word's own elements, right-to-left text marked as such.</summary>
public static class WordText
{
    public static Run Run(string? text, bool bold = false)
    {
        var clean = XmlSafeText.Clean(text);
        var rightToLeft = TextDirection.IsPredominantlyRightToLeft(clean);
        var run = new Run();
        if (bold || rightToLeft)
        {
            // In schema order: b, bCs, rtl.
            var properties = run.AppendChild(new RunProperties());
            if (bold)
                properties.Append(new Bold(), new BoldComplexScript());
            if (rightToLeft)
                properties.AppendChild(new RightToLeftText());
        }
        AppendContent(run, clean);
        return run;
    }

    private static void AppendContent(Run run, string text)
    {
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c is not ('\t' or '\n' or '\r' or '\u2028' or '\u2029'))
                continue;
            AppendText(run, text, start, i);
            if (c == '\t')
                run.AppendChild(new TabChar());
            else
            {
                run.AppendChild(new Break());
                if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
                    i++;
            }
            start = i + 1;
        }
        AppendText(run, text, start, text.Length);
    }

    private static void AppendText(Run run, string text, int start, int end)
    {
        if (end <= start)
            return;
        var part = start == 0 && end == text.Length ? text : text[start..end];
        var element = new Text(part);
        if (char.IsWhiteSpace(part[0]) || char.IsWhiteSpace(part[^1]))
            element.Space = SpaceProcessingModeValues.Preserve;
        run.AppendChild(element);
    }
}
