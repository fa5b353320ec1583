using System.Globalization;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace SlaGovernance.Browser.Tests;

/// <summary>
/// Looks at a page as a reviewer would, at a desktop and a phone width: saves a screenshot of each under the test output
/// (screenshots/&lt;page&gt;-&lt;width&gt;.png), and notes what is wrong: a page wider than its viewport, or an accessibility
/// violation axe-core rates serious or critical.
/// </summary>
internal static class PageReview
{
    public static readonly int[] Widths = [1280, 390];

    public static string ScreenshotFolder => Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "screenshots")).FullName;

    /// <summary>Reviews the page the browser is on at each width and returns the problems found, each naming the page and width.</summary>
    public static async Task<IReadOnlyList<string>> ReviewAsync(this IPage page, string name)
    {
        var problems = new List<string>();
        foreach (var width in Widths)
        {
            await page.SetViewportSizeAsync(width, 900);
            await page.WaitForFunctionAsync("() => document.readyState === 'complete'");
            // Lets the page's own resize handlers run before it is measured.
            await page.EvaluateAsync("() => new Promise(resolve => requestAnimationFrame(() => requestAnimationFrame(resolve)))");
            var widths = await page.EvaluateAsync<int[]>("() => [document.documentElement.scrollWidth, window.innerWidth]");
            if (widths[0] > widths[1])
                problems.Add($"{name} at {width} px is {widths[0]} px wide; the widest element: {await WidestAsync(page)}");
            var axe = await page.RunAxe();
            foreach (var violation in axe.Violations.Where(v => v.Impact is "serious" or "critical"))
                problems.Add($"{name} at {width} px: {violation.Impact} {violation.Id} ({violation.Help}) at "
                    + string.Join(", ", violation.Nodes.Take(3).Select(n => n.Target?.ToString() ?? n.Html)));
            await page.ScreenshotAsync(new PageScreenshotOptions
            {
                Path = Path.Combine(ScreenshotFolder, $"{name}-{width.ToString(CultureInfo.InvariantCulture)}.png"), FullPage = true,
            });
        }
        return problems;
    }

    /// <summary>The element reaching furthest right, to say what makes a page too wide.</summary>
    private static Task<string> WidestAsync(IPage page) => page.EvaluateAsync<string>("""
        () => {
            let widest = null, right = 0;
            for (const element of document.body.querySelectorAll("*")) {
                const r = element.getBoundingClientRect().right;
                if (r > right) { right = r; widest = element; }
            }
            return widest ? `${widest.tagName.toLowerCase()}${widest.id ? "#" + widest.id : ""}.${[...widest.classList].join(".")} reaching ${Math.round(right)} px` : "none";
        }
        """);
}
