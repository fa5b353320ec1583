using System.Net;
using AngleSharp;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;

namespace SlaGovernance.Web.Tests;

/// <summary>Reads pages the way a browser without JavaScript would, and submits their forms.</summary>
public static class Pages
{
    public static async Task<IDocument> GetPageAsync(this HttpClient client, string url)
    {
        var response = await client.GetAsync(url);
        return await ParseAsync(response);
    }

    public static async Task<IDocument> ParseAsync(HttpResponseMessage response)
    {
        var html = await response.Content.ReadAsStringAsync();
        var context = BrowsingContext.New(Configuration.Default);
        return await context.OpenAsync(request => request.Content(html).Address(response.RequestMessage!.RequestUri!));
    }

    /// <summary>
    /// Fills the form's fields (keeping hidden ones such as the antiforgery token) and posts it, to the formaction of the
    /// <paramref name="button"/> (a selector inside the form) when one is pressed.
    /// </summary>
    public static async Task<HttpResponseMessage> SubmitAsync(this HttpClient client, IDocument page, string formSelector,
        IDictionary<string, string> fields, string? button = null)
    {
        var form = page.QuerySelector<IHtmlFormElement>(formSelector) ?? throw new InvalidOperationException($"No form {formSelector}");
        var pressed = button is null ? null
            : form.QuerySelector(button) ?? throw new InvalidOperationException($"No button {button} in form {formSelector}");
        var values = new List<KeyValuePair<string, string>>();
        foreach (var element in form.Elements)
        {
            switch (element)
            {
                case IHtmlInputElement { Type: "checkbox" } box when !fields.ContainsKey(box.Name!):
                    if (box.IsChecked)
                        values.Add(new(box.Name!, box.Value));
                    break;
                case IHtmlInputElement input when !string.IsNullOrEmpty(input.Name) && input.Type != "submit" && !fields.ContainsKey(input.Name):
                    values.Add(new(input.Name, input.Value));
                    break;
                case IHtmlTextAreaElement area when !string.IsNullOrEmpty(area.Name) && !fields.ContainsKey(area.Name):
                    values.Add(new(area.Name, area.Value));
                    break;
                case IHtmlSelectElement select when !string.IsNullOrEmpty(select.Name) && !fields.ContainsKey(select.Name):
                    values.Add(new(select.Name, select.Value ?? ""));
                    break;
            }
        }
        values.AddRange(fields);
        var action = pressed?.GetAttribute("formaction") is { Length: > 0 } f ? f : form.GetAttribute("action") is { Length: > 0 } a ? a : page.Url;
        var target = new Uri(new Uri(page.Url), action);
        return await client.PostAsync(target.PathAndQuery, new FormUrlEncodedContent(values));
    }

    public static async Task<HttpClient> SignInAsync(this HttpClient client, string userName, string password)
    {
        var page = await client.GetPageAsync("/account/login");
        var response = await client.SubmitAsync(page, "form", new Dictionary<string, string>
        {
            ["Input.UserName"] = userName,
            ["Input.Password"] = password,
        });
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"Sign-in of {userName} failed: {response.StatusCode}");
        return client;
    }

    public static async Task<HttpResponseMessage> FollowAsync(this HttpClient client, HttpResponseMessage redirect) =>
        await client.GetAsync(redirect.Headers.Location!);
}
