using SlaGovernance.Documents.Word;

namespace SlaGovernance.Documents.Contracts;

/// <summary>
/// The whole contract of a proposed version with every difference from the base version as a tracked change, for Legal
/// to read in Word's or LibreOffice's Review pane: changed clauses and table cells marked word by word, added and removed
/// clauses and rows as insertions and deletions, each attributed to <see cref="RevisionMark.Author"/> at
/// <see cref="RevisionMark.Date"/>. Accepting every change gives the proposed contract; rejecting every change, the base.
/// </summary>
public static class ContractRedline
{
    public const string ContentType = ContractDocument.ContentType;

    /// <summary>The redline of two versions printed in the built-in layout.</summary>
    public static byte[] Generate(ContractInput baseVersion, ContractInput proposed, RevisionMark mark)
    {
        CheckOrder(baseVersion, proposed);
        ArgumentNullException.ThrowIfNull(mark);
        // Both versions' document parts built straight into trees: no package is zipped only to be unzipped and parsed again.
        var before = ContractDocument.DocumentXml(baseVersion);
        var after = ContractDocument.DocumentXml(proposed);
        WordRedline.Compare(before, after, mark);
        using var stream = new MemoryStream(64 * 1024);
        ContractDocument.WriteTo(proposed, stream, after);
        return stream.ToArray();
    }

    /// <summary>The redline of two versions printed through the organisation's template (see <see cref="ContractTemplate"/>).</summary>
    public static byte[] Generate(byte[] template, ContractInput baseVersion, ContractInput proposed, RevisionMark mark)
    {
        ArgumentNullException.ThrowIfNull(template);
        CheckOrder(baseVersion, proposed);
        return WordRedline.Compare(ContractTemplate.Fill(template, baseVersion), ContractTemplate.Fill(template, proposed), mark);
    }

    private static void CheckOrder(ContractInput baseVersion, ContractInput proposed)
    {
        ArgumentNullException.ThrowIfNull(baseVersion);
        ArgumentNullException.ThrowIfNull(proposed);
        if (proposed.Version <= baseVersion.Version)
            throw new ArgumentException(
                $"The proposed version ({proposed.Version}) must come after the base version ({baseVersion.Version}); pass the governing version as the base.",
                nameof(proposed));
    }
}
