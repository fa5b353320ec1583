using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace SlaGovernance.Browser.Tests;

internal static class PageNavigation
{
    /// <summary>
    /// Waits until the page is at a URL matching <paramref name="glob"/> (<c>**</c> any characters, <c>*</c> any but '/')
    /// and its document has loaded, asking the page itself: its URL through a web-first assertion, its document's
    /// <c>readyState</c> by evaluation. Not <c>WaitForURLAsync</c>: when the URL already matched as it began, it waits for
    /// Playwright's own "load" event, and in fresh-clone CI runs (and once in three loaded local runs) that event never came
    /// for a document whose URL matched and whose network was idle, so the wait timed out after 30 s on a page of one
    /// stylesheet, with or without <c>WaitUntil = Commit</c>.
    /// </summary>
    public static async Task ArrivedAtAsync(this IPage page, string glob)
    {
        await Assertions.Expect(page).ToHaveURLAsync(GlobPattern(glob), new PageAssertionsToHaveURLOptions { Timeout = 30_000 });
        await page.WaitForFunctionAsync("() => document.readyState === 'complete'");
    }

    private static Regex GlobPattern(string glob) =>
        new("^" + Regex.Escape(glob).Replace(@"\*\*", ".*", StringComparison.Ordinal).Replace(@"\*", "[^/]*", StringComparison.Ordinal) + "$");
}
