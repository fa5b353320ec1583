using System.Globalization;
using System.Text;
using System.Xml.Linq;
using DocumentFormat.OpenXml.Packaging;

namespace SlaGovernance.Documents.Word;

/// <summary>
/// A redline of two Word documents: the later document with the differences from the earlier one in its body as
/// tracked changes (<c>w:ins</c>, <c>w:del</c>, each with its author and date), so Word's and LibreOffice's Review pane
/// lists them and accepting them all gives the later text, rejecting them all the earlier. Paragraphs and table rows
/// are aligned first; a paragraph that was changed rather than replaced is compared word by word, and a row's cells
/// likewise; paragraphs and rows without a counterpart are inserted or deleted whole. Styles, numbering, headers,
/// footers and the section are the later document's. Meant for two documents from the same generator or template, as
/// two versions of one contract are; any two documents compare, less tidily.
/// </summary>
public static class WordRedline
{
    internal static readonly XNamespace W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

    public static byte[] Compare(byte[] before, byte[] after, RevisionMark mark)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        ArgumentNullException.ThrowIfNull(mark);
        var oldBody = ReadBody(before, nameof(before));

        using var stream = new MemoryStream(after.Length * 3 / 2);
        stream.Write(after);
        stream.Position = 0;
        using (var later = WordprocessingDocument.Open(stream, true))
        {
            var xml = Load(later.MainDocumentPart, nameof(after));
            var newBody = BodyOf(xml, nameof(after));
            new Comparison(mark, FirstFreeId(oldBody, newBody)).Body(oldBody, newBody);
            using var output = later.MainDocumentPart!.GetStream(FileMode.Create, FileAccess.Write);
            xml.Save(output, SaveOptions.DisableFormatting);
        }
        return stream.ToArray();
    }

    /// <summary>Marks the differences of two parsed document parts in the later one, for generators that write the package themselves.</summary>
    internal static void Compare(XDocument before, XDocument after, RevisionMark mark)
    {
        var oldBody = BodyOf(before, nameof(before));
        var newBody = BodyOf(after, nameof(after));
        new Comparison(mark, FirstFreeId(oldBody, newBody)).Body(oldBody, newBody);
    }

    private static XElement ReadBody(byte[] docx, string argument)
    {
        using var document = WordprocessingDocument.Open(new MemoryStream(docx, writable: false), false);
        return BodyOf(Load(document.MainDocumentPart, argument), argument);
    }

    private static XDocument Load(MainDocumentPart? part, string argument)
    {
        if (part is null)
            throw new ArgumentException("The file is a Word package without a main document; pass a .docx.", argument);
        using var stream = part.GetStream(FileMode.Open, FileAccess.Read);
        return XDocument.Load(stream, LoadOptions.PreserveWhitespace);
    }

    private static XElement BodyOf(XDocument document, string argument) =>
        document.Root?.Element(W + "body") ?? throw new ArgumentException("The document has no body; pass a .docx with text.", argument);

    /// <summary>Revision ids share one space with bookmarks and comments, so they start above any id the documents use.</summary>
    private static int FirstFreeId(XElement oldBody, XElement newBody)
    {
        var max = 0;
        foreach (var element in oldBody.Descendants().Concat(newBody.Descendants()))
        {
            if (element.Attribute(W + "id") is { } id && int.TryParse(id.Value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value))
                max = Math.Max(max, value);
        }
        return max + 1;
    }

    private enum Change { Same, Deleted, Inserted }

    /// <summary>One thing a paragraph is compared by: a word or space of a run's text, another run element (tab, break), or a paragraph child that is not a run.</summary>
    private readonly record struct Atom(int Key, int Format, XElement? RunProperties, string? Text, XElement? Element, bool Opaque)
    {
        public bool IsSpace => Text is not null && string.IsNullOrWhiteSpace(Text);
    }

    private sealed class Comparison(RevisionMark mark, int firstId)
    {
        private static readonly XName P = W + "p", R = W + "r", T = W + "t", Tbl = W + "tbl", Tr = W + "tr", Tc = W + "tc";
        private static readonly XName PPr = W + "pPr", RPr = W + "rPr", TrPr = W + "trPr", TcPr = W + "tcPr", SectPr = W + "sectPr";
        private static readonly XName Ins = W + "ins", Del = W + "del", DelText = W + "delText";

        private readonly string _author = mark.Author;
        private readonly string _date = mark.DateAttribute;
        private int _nextId = firstId;
        private readonly Dictionary<string, int> _formats = new(StringComparer.Ordinal);
        private readonly Dictionary<(int, string), int> _atoms = new();

        public void Body(XElement oldBody, XElement newBody)
        {
            var section = newBody.Element(SectPr);
            var blocks = Sequence(Blocks(oldBody), Blocks(newBody), pairLastParagraphs: true);
            if (section is not null)
                blocks.Add(section);
            newBody.ReplaceNodes(blocks);
        }

        private static List<XElement> Blocks(XElement container) =>
            container.Elements().Where(e => e.Name != SectPr && e.Name != TcPr && e.Name != W + "tblPr" && e.Name != W + "tblGrid").ToList();

        /// <summary>
        /// The blocks of a body, cell or table aligned: equal ones kept, similar ones compared inside, the rest deleted or
        /// inserted. The last paragraphs of a body or cell are always compared with each other, since that paragraph's mark
        /// cannot be inserted or deleted.
        /// </summary>
        private List<XElement> Sequence(List<XElement> olds, List<XElement> news, bool pairLastParagraphs)
        {
            XElement? lastOld = null, lastNew = null;
            if (pairLastParagraphs && olds.Count > 0 && news.Count > 0 && olds[^1].Name == P && news[^1].Name == P)
            {
                lastOld = olds[^1];
                lastNew = news[^1];
                olds.RemoveAt(olds.Count - 1);
                news.RemoveAt(news.Count - 1);
            }
            var keys = new BlockKeys();
            var oldKeys = olds.Select(keys.Of).ToArray();
            var newKeys = news.Select(keys.Of).ToArray();
            var output = new List<XElement>(news.Count + 2);
            int i = 0, j = 0;
            foreach (var (a, b) in SequenceDiff.Matches(oldKeys, newKeys).Append((olds.Count, news.Count)))
            {
                Gap(olds, i, a, news, j, b, output);
                if (a < olds.Count)
                    output.Add(news[b]);
                i = a + 1;
                j = b + 1;
            }
            if (lastOld is not null && lastNew is not null)
                output.Add(XNode.DeepEquals(lastOld, lastNew) ? lastNew : Paragraph(lastOld, lastNew));
            return output;
        }

        private static int Intern<TKey>(Dictionary<TKey, int> keys, TKey key) where TKey : notnull
        {
            if (!keys.TryGetValue(key, out var id))
                keys.Add(key, id = keys.Count + 1);
            return id;
        }

        private void Gap(List<XElement> olds, int oldStart, int oldEnd, List<XElement> news, int newStart, int newEnd, List<XElement> output)
        {
            if (oldStart == oldEnd && newStart == newEnd)
                return;
            int i = oldStart, j = newStart;
            foreach (var (a, b) in Pairs(olds, oldStart, oldEnd, news, newStart, newEnd).Append((oldEnd, newEnd)))
            {
                for (; i < a; i++)
                    output.Add(MarkWhole(olds[i], deleted: true));
                for (; j < b; j++)
                    output.Add(MarkWhole(news[j], deleted: false));
                if (a < oldEnd)
                    output.Add(Changed(olds[a], news[b]));
                i = a + 1;
                j = b + 1;
            }
        }

        private XElement Changed(XElement old, XElement changed)
        {
            if (changed.Name == P)
                return Paragraph(old, changed);
            if (changed.Name == Tr)
            {
                var oldCells = old.Elements(Tc).ToList();
                var cells = changed.Elements(Tc).ToList();
                for (var c = 0; c < cells.Count; c++)
                {
                    if (!XNode.DeepEquals(oldCells[c], cells[c]))
                        Changed(oldCells[c], cells[c]);
                }
                return changed;
            }
            var head = changed.Elements().Where(e => e.Name == TcPr || e.Name == W + "tblPr" || e.Name == W + "tblGrid").ToList();
            var body = Sequence(Blocks(old), Blocks(changed), pairLastParagraphs: changed.Name == Tc);
            changed.ReplaceNodes(head.Concat(body));
            return changed;
        }

        /// <summary>Which blocks of a gap correspond: the in-order pairing with the greatest total similarity, each pair above its kind's threshold.</summary>
        private static List<(int, int)> Pairs(List<XElement> olds, int oldStart, int oldEnd, List<XElement> news, int newStart, int newEnd)
        {
            int a = oldEnd - oldStart, b = newEnd - newStart;
            var pairs = new List<(int, int)>();
            if (a == 0 || b == 0 || (long)a * b > 10_000)
                return pairs;
            var oldProfiles = olds.GetRange(oldStart, a).Select(Profile.Of).ToArray();
            var newProfiles = news.GetRange(newStart, b).Select(Profile.Of).ToArray();
            var score = new double[a, b];
            var best = new double[a + 1, b + 1];
            for (var x = a - 1; x >= 0; x--)
            {
                for (var y = b - 1; y >= 0; y--)
                {
                    score[x, y] = Profile.Similarity(oldProfiles[x], newProfiles[y]);
                    best[x, y] = Math.Max(Math.Max(best[x + 1, y], best[x, y + 1]), score[x, y] > 0 ? best[x + 1, y + 1] + score[x, y] : 0);
                }
            }
            for (int x = 0, y = 0; x < a && y < b;)
            {
                if (score[x, y] > 0 && best[x, y] == best[x + 1, y + 1] + score[x, y])
                {
                    pairs.Add((oldStart + x, newStart + y));
                    x++;
                    y++;
                }
                else if (best[x, y] == best[x + 1, y])
                    x++;
                else
                    y++;
            }
            return pairs;
        }

        /// <summary>A changed paragraph: the later properties and the runs rebuilt from the word-level differences.</summary>
        private XElement Paragraph(XElement old, XElement changed)
        {
            var oldAtoms = Atoms(old);
            var newAtoms = Atoms(changed);
            var steps = new List<(Change, Atom)>(newAtoms.Count + 8);
            int i = 0, j = 0;
            var oldKeys = oldAtoms.Select(a => a.Key).ToArray();
            var newKeys = newAtoms.Select(a => a.Key).ToArray();
            foreach (var (a, b) in SequenceDiff.Matches(oldKeys, newKeys).Append((oldAtoms.Count, newAtoms.Count)))
            {
                for (; i < a; i++)
                    steps.Add((Change.Deleted, oldAtoms[i]));
                for (; j < b; j++)
                    steps.Add((Change.Inserted, newAtoms[j]));
                if (a < oldAtoms.Count)
                    steps.Add((Change.Same, newAtoms[b]));
                i = a + 1;
                j = b + 1;
            }

            var paragraph = new XElement(P, changed.Attributes());
            paragraph.Add(ParagraphProperties(old.Element(PPr), changed.Element(PPr)));
            var grouped = Grouped(steps);
            for (var start = 0; start < grouped.Count;)
            {
                var end = start;
                while (end < grouped.Count && grouped[end].Item1 == grouped[start].Item1 && !grouped[end].Item2.Opaque)
                    end++;
                if (end == start)
                {
                    if (Opaque(grouped[start].Item2.Element!, grouped[start].Item1) is { } element)
                        paragraph.Add(element);
                    start++;
                    continue;
                }
                var atoms = grouped.GetRange(start, end - start).Select(s => s.Item2).ToList();
                if (grouped[start].Item1 == Change.Same)
                    paragraph.Add(Runs(atoms, deleted: false));
                else if (grouped[start].Item1 == Change.Deleted)
                    paragraph.Add(new XElement(Del, Revision(), Runs(atoms, deleted: true)));
                else
                    paragraph.Add(new XElement(Ins, Revision(), Runs(atoms, deleted: false)));
                start = end;
            }
            return paragraph;
        }

        /// <summary>
        /// Spaces left alone between two changes join them, so "at least 99.9% a month" against "no less than 99.5% a
        /// quarter" reads as two replaced phrases rather than a comb of one-word changes; within each change the deleted
        /// words come before the inserted ones.
        /// </summary>
        private static List<(Change, Atom)> Grouped(List<(Change, Atom)> steps)
        {
            var result = new List<(Change, Atom)>(steps.Count);
            var deleted = new List<Atom>();
            var inserted = new List<Atom>();
            void Flush()
            {
                result.AddRange(deleted.Select(a => (Change.Deleted, a)));
                result.AddRange(inserted.Select(a => (Change.Inserted, a)));
                deleted.Clear();
                inserted.Clear();
            }
            for (var k = 0; k < steps.Count;)
            {
                var (change, atom) = steps[k];
                if (change != Change.Same)
                {
                    (change == Change.Deleted ? deleted : inserted).Add(atom);
                    k++;
                    continue;
                }
                var end = k;
                while (end < steps.Count && steps[end].Item1 == Change.Same)
                    end++;
                var between = k > 0 && end < steps.Count;
                if (between && steps.Skip(k).Take(end - k).All(s => s.Item2.IsSpace))
                {
                    for (; k < end; k++)
                    {
                        deleted.Add(steps[k].Item2);
                        inserted.Add(steps[k].Item2);
                    }
                    continue;
                }
                Flush();
                for (; k < end; k++)
                    result.Add(steps[k]);
            }
            Flush();
            return result;
        }

        private XElement? ParagraphProperties(XElement? old, XElement? changed)
        {
            var properties = changed is null ? null : new XElement(changed);
            if (old is null ? changed is null : changed is not null && XNode.DeepEquals(old, changed))
                return properties;
            properties ??= new XElement(PPr);
            properties.Element(W + "pPrChange")?.Remove();
            properties.Add(new XElement(W + "pPrChange", Revision(),
                new XElement(PPr, old?.Elements().Where(e => e.Name != RPr && e.Name != SectPr && e.Name != W + "pPrChange").Select(e => new XElement(e)))));
            return properties;
        }

        private List<Atom> Atoms(XElement paragraph)
        {
            var atoms = new List<Atom>();
            var words = new List<string>();
            foreach (var child in paragraph.Elements())
            {
                if (child.Name == PPr)
                    continue;
                if (child.Name != R)
                {
                    atoms.Add(new Atom(Intern(_atoms, (-1, child.ToString(SaveOptions.DisableFormatting))), -1, null, null, child, Opaque: true));
                    continue;
                }
                var properties = child.Element(RPr);
                var format = properties is null ? 0 : Intern(_formats, properties.ToString(SaveOptions.DisableFormatting));
                foreach (var content in child.Elements())
                {
                    if (content.Name == RPr)
                        continue;
                    if (content.Name == T || content.Name == DelText)
                    {
                        words.Clear();
                        WordTokens.Split(content.Value, words);
                        foreach (var word in words)
                            atoms.Add(new Atom(Intern(_atoms, (format, word)), format, properties, word, null, Opaque: false));
                    }
                    else
                        atoms.Add(new Atom(Intern(_atoms, (format, "\0" + content.ToString(SaveOptions.DisableFormatting))), format, properties, null, content, Opaque: false));
                }
            }
            return atoms;
        }

        /// <summary>Runs for consecutive atoms, one per formatting, their words joined in one text element.</summary>
        private static IEnumerable<XElement> Runs(List<Atom> atoms, bool deleted)
        {
            var text = new StringBuilder();
            XElement? run = null;
            var format = int.MinValue;
            foreach (var atom in atoms)
            {
                if (run is null || atom.Format != format)
                {
                    if (run is not null)
                    {
                        FlushText(run, text, deleted);
                        yield return run;
                    }
                    run = new XElement(R, atom.RunProperties is { } properties ? new XElement(properties) : null);
                    format = atom.Format;
                }
                if (atom.Text is not null)
                    text.Append(atom.Text);
                else
                {
                    FlushText(run, text, deleted);
                    var element = new XElement(atom.Element!);
                    if (deleted && element.Name == W + "instrText")
                        element.Name = W + "delInstrText";
                    run.Add(element);
                }
            }
            if (run is not null)
            {
                FlushText(run, text, deleted);
                yield return run;
            }
        }

        private static void FlushText(XElement run, StringBuilder text, bool deleted)
        {
            if (text.Length == 0)
                return;
            var value = text.ToString();
            text.Clear();
            var element = new XElement(deleted ? DelText : T, value);
            if (char.IsWhiteSpace(value[0]) || char.IsWhiteSpace(value[^1]))
                element.Add(new XAttribute(XNamespace.Xml + "space", "preserve"));
            run.Add(element);
        }

        /// <summary>A paragraph child that is not a run (a hyperlink, a simple field, a bookmark): its own runs marked; a deleted one without runs goes.</summary>
        private XElement? Opaque(XElement element, Change change)
        {
            if (change == Change.Same)
                return element;
            var copy = new XElement(element);
            if (change == Change.Deleted && !copy.Descendants(R).Any())
                return null;
            WrapRuns(copy, deleted: change == Change.Deleted);
            return copy;
        }

        /// <summary>A paragraph, table or other block inserted or deleted whole: its rows, paragraph marks and runs.</summary>
        private XElement MarkWhole(XElement block, bool deleted)
        {
            foreach (var row in block.DescendantsAndSelf(Tr))
                MarkRow(row, deleted);
            foreach (var paragraph in block.DescendantsAndSelf(P))
                MarkParagraphMark(paragraph, deleted);
            WrapRuns(block, deleted);
            return block;
        }

        private void WrapRuns(XElement block, bool deleted)
        {
            var runs = block.Descendants(R).ToList();
            foreach (var run in runs)
            {
                if (run.Parent is not { } parent || parent.Name == Ins || parent.Name == Del)
                    continue;
                var wrapper = new XElement(deleted ? Del : Ins, Revision());
                run.AddBeforeSelf(wrapper);
                for (XElement? next = run; next is not null && next.Name == R;)
                {
                    var following = next.ElementsAfterSelf().FirstOrDefault();
                    next.Remove();
                    wrapper.Add(next);
                    next = following;
                }
            }
            if (!deleted)
                return;
            foreach (var text in block.Descendants(T).ToList())
                text.Name = DelText;
            foreach (var instruction in block.Descendants(W + "instrText").ToList())
                instruction.Name = W + "delInstrText";
        }

        private void MarkParagraphMark(XElement paragraph, bool deleted)
        {
            var properties = paragraph.Element(PPr);
            if (properties is null)
                paragraph.AddFirst(properties = new XElement(PPr));
            var markProperties = properties.Element(RPr);
            if (markProperties is null)
            {
                markProperties = new XElement(RPr);
                if ((properties.Element(SectPr) ?? properties.Element(W + "pPrChange")) is { } later)
                    later.AddBeforeSelf(markProperties);
                else
                    properties.Add(markProperties);
            }
            markProperties.AddFirst(new XElement(deleted ? Del : Ins, Revision()));
        }

        private void MarkRow(XElement row, bool deleted)
        {
            var properties = row.Element(TrPr);
            if (properties is null)
            {
                properties = new XElement(TrPr);
                if (row.Element(W + "tblPrEx") is { } exceptions)
                    exceptions.AddAfterSelf(properties);
                else
                    row.AddFirst(properties);
            }
            var marker = new XElement(deleted ? Del : Ins, Revision());
            if (properties.Element(W + "trPrChange") is { } change)
                change.AddBeforeSelf(marker);
            else
                properties.Add(marker);
        }

        private XAttribute[] Revision() =>
        [
            new(W + "id", (_nextId++).ToString(CultureInfo.InvariantCulture)),
            new(W + "author", _author),
            new(W + "date", _date),
        ];
    }

    /// <summary>
    /// Numbers blocks so that equal blocks get the same number: a structural hash, confirmed by a deep comparison,
    /// rather than each block serialised to a string, which allocated a copy of both documents' text.
    /// </summary>
    private sealed class BlockKeys
    {
        private readonly Dictionary<int, List<(XElement Block, int Key)>> _byHash = [];
        private int _count;

        public int Of(XElement block)
        {
            var hash = Hash(block);
            if (!_byHash.TryGetValue(hash, out var candidates))
                _byHash.Add(hash, candidates = []);
            foreach (var (candidate, key) in candidates)
            {
                if (XNode.DeepEquals(candidate, block))
                    return key;
            }
            candidates.Add((block, ++_count));
            return _count;
        }

        private static int Hash(XElement element)
        {
            var hash = new HashCode();
            hash.Add(element.Name);
            for (var attribute = element.FirstAttribute; attribute is not null; attribute = attribute.NextAttribute)
            {
                hash.Add(attribute.Name);
                hash.Add(attribute.Value, StringComparer.Ordinal);
            }
            for (var node = element.FirstNode; node is not null; node = node.NextNode)
            {
                if (node is XElement child)
                    hash.Add(Hash(child));
                else if (node is XText text)
                    hash.Add(text.Value, StringComparer.Ordinal);
            }
            return hash.ToHashCode();
        }
    }

    /// <summary>What a block is compared by to find its counterpart: its kind, its words, and for a row its first cell's words and its cell count.</summary>
    private sealed class Profile
    {
        private static readonly XName P = W + "p", Tbl = W + "tbl", Tr = W + "tr", Tc = W + "tc";

        private XName Kind { get; init; } = P;
        private Dictionary<string, int> Words { get; init; } = [];
        private int WordCount { get; init; }
        private Dictionary<string, int> FirstCellWords { get; init; } = [];
        private int FirstCellCount { get; init; }
        private int Cells { get; init; }

        public static Profile Of(XElement block)
        {
            var firstCell = block.Name == Tr ? block.Element(Tc) : null;
            var (words, count) = Count(block);
            var (first, firstCount) = firstCell is null ? (new Dictionary<string, int>(), 0) : Count(firstCell);
            return new Profile
            {
                Kind = block.Name, Words = words, WordCount = count, FirstCellWords = first, FirstCellCount = firstCount,
                Cells = block.Name == Tr ? block.Elements(Tc).Count() : block.Name == Tbl ? block.Element(W + "tblGrid")?.Elements().Count() ?? 0 : 0,
            };
        }

        /// <summary>0 when the blocks should not be paired, else how alike they are (Dice's coefficient over words).</summary>
        public static double Similarity(Profile old, Profile changed)
        {
            if (old.Kind != changed.Kind)
                return 0;
            if (old.Kind == P)
                return Dice(old.Words, old.WordCount, changed.Words, changed.WordCount) is var p and >= 0.5 ? p : 0;
            if (old.Kind == Tr)
            {
                if (old.Cells != changed.Cells)
                    return 0;
                var row = 0.5 * Dice(old.FirstCellWords, old.FirstCellCount, changed.FirstCellWords, changed.FirstCellCount)
                          + 0.5 * Dice(old.Words, old.WordCount, changed.Words, changed.WordCount);
                return row >= 0.5 ? row : 0;
            }
            if (old.Kind == Tbl)
                return old.Cells == changed.Cells ? 0.1 + Dice(old.Words, old.WordCount, changed.Words, changed.WordCount) : 0;
            return 0;
        }

        private static double Dice(Dictionary<string, int> a, int aCount, Dictionary<string, int> b, int bCount)
        {
            if (aCount == 0 && bCount == 0)
                return 1;
            if (aCount == 0 || bCount == 0)
                return 0;
            var common = 0;
            foreach (var (word, count) in a)
                common += Math.Min(count, b.GetValueOrDefault(word));
            return 2.0 * common / (aCount + bCount);
        }

        private static (Dictionary<string, int>, int) Count(XElement block)
        {
            var words = new Dictionary<string, int>(StringComparer.Ordinal);
            var count = 0;
            var tokens = new List<string>();
            foreach (var text in block.Descendants(W + "t"))
            {
                tokens.Clear();
                WordTokens.Split(text.Value, tokens);
                foreach (var token in tokens.Where(t => !string.IsNullOrWhiteSpace(t)))
                {
                    words[token] = words.GetValueOrDefault(token) + 1;
                    count++;
                }
            }
            return (words, count);
        }
    }
}
