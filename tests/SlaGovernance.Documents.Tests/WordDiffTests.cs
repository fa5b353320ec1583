using SlaGovernance.Documents.Word;

namespace SlaGovernance.Documents.Tests;

public class WordDiffTests
{
    [Fact]
    public void The_diff_finds_a_longest_common_subsequence_of_random_sequences()
    {
        var random = new Random(17);
        for (var round = 0; round < 500; round++)
        {
            var a = Enumerable.Range(0, random.Next(0, 40)).Select(_ => random.Next(0, 6)).ToArray();
            var b = Enumerable.Range(0, random.Next(0, 40)).Select(_ => random.Next(0, 6)).ToArray();

            var matches = SequenceDiff.Matches(a, b);

            Assert.All(matches, m => Assert.Equal(a[m.A], b[m.B]));
            Assert.All(matches.Zip(matches.Skip(1)), pair => Assert.True(pair.First.A < pair.Second.A && pair.First.B < pair.Second.B));
            Assert.Equal(LongestCommonSubsequence(a, b), matches.Count);
        }
    }

    [Fact]
    public void Beyond_the_edit_limit_only_the_common_prefix_and_suffix_are_matched()
    {
        int[] a = [1, 2, 3, 4, 5, 6, 9];
        int[] b = [1, 6, 5, 4, 3, 2, 9];

        Assert.Equal([(0, 0), (6, 6)], SequenceDiff.Matches(a, b, maxEdits: 2));
        Assert.Equal(2 + 1, SequenceDiff.Matches(a, b).Count);
    }

    [Theory]
    [InlineData("Availability at least 99.9% a month.", new[] { "Availability", " ", "at", " ", "least", " ", "99.9", "%", " ", "a", " ", "month", "." })]
    [InlineData("don't stop: 24x7, 2027-03-15", new[] { "don't", " ", "stop", ":", " ", "24x7", ",", " ", "2027-03-15" })]
    [InlineData("يستثنى انقطاع", new[] { "يستثنى", " ", "انقطاع" })]
    [InlineData("a\U0001F600b \t\n<&>", new[] { "a", "\U0001F600", "b", " \t\n", "<", "&", ">" })]
    public void Text_splits_into_words_spaces_and_single_signs_without_splitting_a_surrogate_pair(string text, string[] expected) =>
        Assert.Equal(expected, WordTokens.Split(text));

    private static int LongestCommonSubsequence(int[] a, int[] b)
    {
        var lengths = new int[a.Length + 1, b.Length + 1];
        for (var i = 1; i <= a.Length; i++)
            for (var j = 1; j <= b.Length; j++)
                lengths[i, j] = a[i - 1] == b[j - 1] ? lengths[i - 1, j - 1] + 1 : Math.Max(lengths[i - 1, j], lengths[i, j - 1]);
        return lengths[a.Length, b.Length];
    }
}
