using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace SlaGovernance.Web.Tests;

/// <summary>One operation of the OpenAPI document: its method, path, parameters and request body schema.</summary>
public sealed record ApiOperation(string Id, string Method, string Path, JsonElement Element)
{
    public override string ToString() => $"{Id} ({Method} {Path})";

    public bool IsWrite => Method is "POST" or "PUT" or "PATCH" or "DELETE";

    public IEnumerable<(string Name, string In, JsonElement Schema)> Parameters =>
        Element.TryGetProperty("parameters", out var parameters)
            ? parameters.EnumerateArray().Select(p => (p.GetProperty("name").GetString()!, p.GetProperty("in").GetString()!,
                p.TryGetProperty("schema", out var schema) ? schema : default))
            : [];

    /// <summary>The request body's media types and schemas, as the document states them.</summary>
    public IReadOnlyDictionary<string, JsonElement> Bodies =>
        Element.TryGetProperty("requestBody", out var body) && body.TryGetProperty("content", out var content)
            ? content.EnumerateObject().ToDictionary(m => m.Name, m => m.Value.TryGetProperty("schema", out var schema) ? schema : default)
            : new Dictionary<string, JsonElement>();

    public static List<ApiOperation> AllOf(JsonElement document) =>
    [
        .. document.GetProperty("paths").EnumerateObject()
            .SelectMany(path => path.Value.EnumerateObject().Select(o =>
                new ApiOperation(o.Value.GetProperty("operationId").GetString()!, o.Name.ToUpperInvariant(), path.Name, o.Value)))
            .OrderBy(o => o.Id, StringComparer.Ordinal),
    ];
}

/// <summary>A request to send, with what made it hostile; <see cref="ToString"/> prints it whole enough to replay.</summary>
public sealed record HostileRequest(int Index, string Kind, string Method, string Url, string? ContentType, byte[]? Body, IReadOnlyDictionary<string, string> Headers)
{
    public HttpRequestMessage ToMessage()
    {
        var message = new HttpRequestMessage(new HttpMethod(Method), Url);
        if (Body is not null)
        {
            message.Content = new ByteArrayContent(Body);
            if (ContentType is not null)
                message.Content.Headers.TryAddWithoutValidation("Content-Type", ContentType);
        }
        foreach (var (name, value) in Headers)
            message.Headers.TryAddWithoutValidation(name, value);
        return message;
    }

    public override string ToString()
    {
        var text = new StringBuilder().Append(CultureInfo.InvariantCulture, $"#{Index} ({Kind}): {Method} {Shorten(Url, 400)}\n");
        foreach (var (name, value) in Headers)
            text.Append(CultureInfo.InvariantCulture, $"{name}: {Shorten(value, 200)}\n");
        if (ContentType is not null)
            text.Append(CultureInfo.InvariantCulture, $"Content-Type: {ContentType}\n");
        if (Body is not null)
            text.Append('\n').Append(Shorten(Encoding.UTF8.GetString(Body), 1500)).Append(CultureInfo.InvariantCulture, $"\n({Body.Length} bytes)");
        return text.ToString();
    }

    private static string Shorten(string text, int length) =>
        text.Length <= length ? text : string.Concat(text.AsSpan(0, length), $"… ({text.Length} characters)");
}

/// <summary>
/// Builds seeded, reproducible hostile requests for one operation from its schema: the same seed and operation give the same
/// requests. Each kind of hostility takes its turn (request i is of kind i modulo the kinds that apply), its details drawn at random.
/// </summary>
public sealed class HostileRequests(JsonElement document, ApiSubjects subjects)
{
    private const string LoneSurrogate = "\ud800";
    private static readonly string LongText = new('x', 100_000);
    private static readonly string ControlText = "a\u0000b\u0001c\u0007\u001b[31m\u001f\u007f\u0085\u2028\u2029\r\n\t" + "\ufeff";

    /// <summary>The control characters a header value can carry (HTTP forbids NUL, CR and LF there).</summary>
    private static readonly string HeaderControlText = "a\u0001c\u0007\u001b[31m\u001f\u007f";

    private static readonly string[] HostileStrings =
    [
        "", " ", LongText, ControlText, LoneSurrogate, "😀".PadRight(2000, 'x'), "' OR 1=1 --", "<script>alert(1)</script>", "../../etc/passwd",
        "%00", "null", "NaN", "-1", "2147483648", "9999-12-31T23:59:59Z", "0001-01-01T00:00:00Z", "9999-12", "9999-Q4", "0000-Q0", "2026-02-30",
        "24:00", "99:99", "Mars/Olympus", "ZZZ", "\u202Eevil",
    ];

    /// <summary>The hostile strings a URL can carry: a lone surrogate cannot be percent-encoded.</summary>
    private static readonly string[] UrlStrings = [.. HostileStrings.Where(s => s != LoneSurrogate)];

    private static readonly JsonNode?[] HostileNumbers =
    [
        JsonValue.Create(0), JsonValue.Create(-1), JsonValue.Create(int.MaxValue), JsonValue.Create(int.MinValue), JsonValue.Create(2147483648L),
        JsonValue.Create(long.MaxValue), JsonValue.Create(long.MinValue), JsonValue.Create(1e308), JsonValue.Create(-1e308), JsonValue.Create(5e-324),
        JsonNode.Parse("79228162514264337593543950336"), JsonNode.Parse("1e400"), JsonNode.Parse("0.0000000000000000000000000001"),
        JsonValue.Create(7), JsonValue.Create(999),
    ];

    private static readonly string[] HostileIfMatch =
    [
        "garbage", "\"\"", "\"abc\"", "W/\"1\"", "*", "\"99999999999999999999\"", "\"-1\"", "\"1\", \"2\"", new string('9', 10_000), "\"0\"",
        "\"2147483648\"", "\u0001",
    ];

    private static readonly string[] WrongContentTypes =
    [
        "text/plain", "application/xml", "application/x-www-form-urlencoded", "multipart/form-data", "application/json; charset=utf-16",
        "application/octet-stream", "image/png", "text/csv", "application/json; charset=nonsense", "garbage",
    ];

    public IReadOnlyList<HostileRequest> For(ApiOperation operation, int seed, int count)
    {
        var random = new Random(seed ^ StableHash(operation.Id));
        var kinds = KindsFor(operation);
        return [.. Enumerable.Range(0, count).Select(i => Build(operation, kinds[i % kinds.Count], i, random))];
    }

    private List<string> KindsFor(ApiOperation operation)
    {
        var kinds = new List<string>();
        if (operation.Parameters.Any(p => p.In == "query"))
            kinds.AddRange(["query", "query", "page"]);
        if (operation.Parameters.Any(p => p.In == "path"))
            kinds.Add("path");
        if (operation.IsWrite)
        {
            kinds.AddRange(["json-field", "json-field", "json-field", "json-null-inside", "json-whole", "content-type", "if-match", "multipart"]);
            if (operation.Bodies.ContainsKey("text/csv"))
                kinds.AddRange(["csv", "csv", "json-rows"]);
        }
        else
        {
            kinds.AddRange(["if-match", "headers"]);
        }
        return kinds;
    }

    private HostileRequest Build(ApiOperation operation, string kind, int index, Random random)
    {
        var url = subjects.Resolve(operation.Path);
        var headers = new Dictionary<string, string>(StringComparer.Ordinal);
        string? contentType = null;
        byte[]? body = null;
        if (operation.IsWrite)
            (contentType, body) = ("application/json", Utf8(SampleBody(operation)?.ToJsonString() ?? "{}"));
        switch (kind)
        {
            case "query":
                url += "?" + string.Join('&', operation.Parameters.Where(p => p.In == "query")
                    .Select(p => $"{Uri.EscapeDataString(p.Name)}={Uri.EscapeDataString(Pick(random, UrlStrings))}"));
                break;
            case "page":
                var page = Pick(random, ["2147483647", "2147483648", "-2147483648", "0", "99999999999999999999", "1e9", "-0"]);
                url += $"?page={page}&pageSize={Pick(random, ["2147483647", "0", "-1", "200", "201"])}";
                break;
            case "path":
                url = HostilePath(operation.Path, random);
                break;
            case "json-field":
                body = Utf8(Mutate(SampleBody(operation) ?? new JsonObject(), random).ToJsonString());
                break;
            case "json-null-inside":
                body = Utf8(NullInside(SampleBody(operation) ?? new JsonObject(), random).ToJsonString());
                break;
            case "json-whole":
                body = Pick<byte[]>(random,
                [
                    Utf8("null"), Utf8("[]"), Utf8("\"text\""), Utf8("{"), Utf8("{}"), Utf8("[null]"), Utf8("1e400"), [0xff, 0xfe, 0x00, 0x7b],
                    Utf8(new string('[', 5000) + new string(']', 5000)), Utf8("{\"a\":" + new string('[', 70) + new string(']', 70) + "}"),
                    Utf8("{\"x\":1,\"x\":2}"), [], Utf8("\u0000"),
                ]);
                break;
            case "content-type":
                contentType = Pick(random, WrongContentTypes);
                break;
            case "if-match":
                headers["If-Match"] = Pick(random, HostileIfMatch);
                if (random.Next(2) == 0)
                    headers["If-None-Match"] = Pick(random, HostileIfMatch);
                break;
            case "headers":
                headers[Pick(random, ["Prefer", "Accept", "If-None-Match", "Accept-Language"])] = Pick(random, ["wait=999999999", "wait=-1", HeaderControlText, "*/*;q=9", "wait=abc"]);
                break;
            case "multipart":
                (contentType, body) = Multipart(random);
                break;
            case "csv":
                (contentType, body) = ("text/csv", Utf8(HostileCsv(random)));
                break;
            case "json-rows":
                (contentType, body) = ("application/json", Utf8(HostileRows(random)));
                break;
        }
        return new HostileRequest(index, kind, operation.Method, url, contentType, body, headers);
    }

    private string HostilePath(string path, Random random)
    {
        var resolved = subjects.Resolve(path).Split('/');
        var template = path.Split('/');
        var parameters = Enumerable.Range(0, template.Length).Where(i => template[i].StartsWith('{')).ToList();
        var at = parameters[random.Next(parameters.Count)];
        resolved[at] = template[at] switch
        {
            "{id}" or "{documentId}" or "{exclusionId}" => Pick(random, [Guid.Empty.ToString(), RandomGuid(random).ToString(), "00000000-0000-0000-0000-00000000000g", "1"]),
            "{number}" or "{revision}" => Pick(random, ["2147483647", "-1", "0", "2147483648", "1.5"]),
            _ => Uri.EscapeDataString(Pick(random, UrlStrings.Where(s => s.Length < 3000 && !s.Contains('\0', StringComparison.Ordinal)).ToArray())),
        };
        return string.Join('/', resolved);
    }

    private static string HostileCsv(Random random)
    {
        var value = Pick(random, ["0001-01-01T00:00:00Z", "9999-12-31T23:59:59Z", "1e308", "NaN", "-1", "\0", LongText[..20_000], "\"unclosed", "true", "", "2026-02-30T00:00:00Z"]);
        return Pick(random,
        [
            "",
            "service,timestamp,up,latency_ms\n",
            $"service,timestamp,up,latency_ms\nportal,{value},true,{value}\n",
            $"\ufeffservice,timestamp,up,latency_ms\r\nportal,2026-03-01T00:00:00Z,{value},1\r\n",
            $"{value}\n{value}\n",
            "service,timestamp,up,latency_ms\nportal,2026-03-01T00:00:00Z,true\n",
            $"service,timestamp,up,latency_ms,extra\nportal,2026-03-01T00:00:00Z,true,1,{value}\n",
            "\"service\nportal",
        ]);
    }

    private static string HostileRows(Random random) => Pick(random,
    [
        "[null]", "[{}]", "[[]]", "{}", "[{\"service\":null,\"timestamp\":null,\"up\":null}]", "[{\"service\":1,\"timestamp\":true,\"up\":\"maybe\"}]",
        "[{\"service\":\"portal\",\"timestamp\":\"9999-12-31T23:59:59Z\",\"up\":true,\"latencyMs\":1e308}]",
        "[{\"service\":\"portal\",\"timestamp\":\"0001-01-01T00:00:00Z\",\"up\":true,\"latencyMs\":-1}]", "[", "[1,2,3]",
    ]);

    private static (string, byte[]) Multipart(Random random)
    {
        const string boundary = "hostile-boundary";
        var file = Pick(random, ["", "%PDF-1.7", ControlText, LongText]);
        var name = Pick(random, ["a.pdf", "", LongText[..5000], "../../x.docx", ControlText.Replace("\r\n", "", StringComparison.Ordinal), "a.exe"]);
        var field = Pick(random, ["9999-12-31", "0001-01-01", "2026-02-30", LongText, "", ControlText]);
        return Pick<(string, byte[])>(random,
        [
            ("multipart/form-data", Utf8("--x\r\n\r\n")),
            ($"multipart/form-data; boundary={boundary}", Utf8("no boundary here")),
            ($"multipart/form-data; boundary={boundary}", Utf8($"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\n\r\n{file}")),
            ($"multipart/form-data; boundary={boundary}", Utf8($"--{boundary}\r\n\r\nno disposition\r\n--{boundary}--\r\n")),
            ($"multipart/form-data; boundary={boundary}", Utf8(
                $"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\nContent-Type: application/pdf\r\n\r\n{file}\r\n" +
                $"--{boundary}\r\nContent-Disposition: form-data; name=\"signedOn\"\r\n\r\n{field}\r\n" +
                $"--{boundary}\r\nContent-Disposition: form-data; name=\"signatories\"\r\n\r\n{field}\r\n" +
                $"--{boundary}\r\nContent-Disposition: form-data; name=\"content\"; filename=\"content.json\"\r\n\r\n{{\"slos\":[null]}}\r\n--{boundary}--\r\n")),
            ($"multipart/form-data; boundary=\"{LongText[..200]}\"", Utf8("--x--")),
        ]);
    }

    /// <summary>A body the schema describes, every property present: the starting point that each mutation spoils in one place.</summary>
    private JsonNode? SampleBody(ApiOperation operation) =>
        operation.Bodies.TryGetValue("application/json", out var schema) && schema.ValueKind == JsonValueKind.Object ? Sample(schema, 0) : null;

    private JsonNode? Sample(JsonElement schema, int depth)
    {
        schema = Resolve(schema);
        if (depth > 8)
            return null;
        if (schema.TryGetProperty("enum", out var values) && values.GetArrayLength() > 0)
            return JsonNode.Parse(values[0].GetRawText());
        foreach (var combinator in new[] { "oneOf", "anyOf", "allOf" })
        {
            if (schema.TryGetProperty(combinator, out var choices))
                return choices.EnumerateArray().Select(c => Sample(c, depth + 1)).FirstOrDefault(s => s is not null);
        }
        var format = schema.TryGetProperty("format", out var f) ? f.GetString() : null;
        return TypeOf(schema) switch
        {
            "object" => Object(schema, depth),
            "array" => schema.TryGetProperty("items", out var items) ? new JsonArray(Sample(items, depth + 1)) : new JsonArray(),
            "integer" => JsonValue.Create(1),
            "number" => JsonValue.Create(1.5m),
            "boolean" => JsonValue.Create(true),
            "string" => format switch
            {
                "date-time" => JsonValue.Create("2026-03-01T00:00:00Z"),
                "date" => JsonValue.Create("2026-03-01"),
                "uuid" => JsonValue.Create(subjects.VendorId.ToString()),
                _ => JsonValue.Create("sample"),
            },
            _ => JsonValue.Create("sample"),
        };
    }

    private JsonObject Object(JsonElement schema, int depth)
    {
        var result = new JsonObject();
        if (schema.TryGetProperty("properties", out var properties))
        {
            foreach (var property in properties.EnumerateObject())
                result[property.Name] = Sample(property.Value, depth + 1);
        }
        if (schema.TryGetProperty("additionalProperties", out var additional) && additional.ValueKind == JsonValueKind.Object)
            result["P1"] = Sample(additional, depth + 1);
        return result;
    }

    private static string? TypeOf(JsonElement schema)
    {
        if (!schema.TryGetProperty("type", out var type))
            return schema.TryGetProperty("properties", out _) ? "object" : null;
        return type.ValueKind == JsonValueKind.Array
            ? type.EnumerateArray().Select(t => t.GetString()).FirstOrDefault(t => t != "null")
            : type.GetString();
    }

    private JsonElement Resolve(JsonElement schema)
    {
        while (schema.ValueKind == JsonValueKind.Object && schema.TryGetProperty("$ref", out var reference))
        {
            var name = reference.GetString()!.Split('/')[^1];
            schema = document.GetProperty("components").GetProperty("schemas").GetProperty(name);
        }
        return schema;
    }

    /// <summary>Replaces one node of the body, chosen at random, by a value of the wrong type, an extreme, or null.</summary>
    private static JsonNode Mutate(JsonNode body, Random random)
    {
        var nodes = Nodes(body).ToList();
        var (parent, key) = nodes.Count == 0 ? ((JsonNode?)null, (object?)null) : nodes[random.Next(nodes.Count)];
        JsonNode? replacement = random.Next(6) switch
        {
            0 => null,
            1 => JsonValue.Create(Pick(random, HostileStrings)),
            2 => Pick(random, HostileNumbers)?.DeepClone(),
            3 => Pick<JsonNode?>(random, [JsonValue.Create(true), new JsonObject(), new JsonArray(), new JsonArray((JsonNode?)null), new JsonObject { ["x"] = null }]),
            4 => JsonValue.Create(Pick(random, ["0001-01-01T00:00:00Z", "9999-12-31T23:59:59Z", "9999-12-31", "0001-01-01", "9999-12", "9999-Q4", "2026-13-01"])),
            _ => new JsonArray([.. Enumerable.Range(0, 500).Select(_ => (JsonNode?)JsonValue.Create(Pick(random, HostileStrings.Where(s => s.Length < 100).ToArray())))]),
        };
        switch (parent, key)
        {
            case (JsonObject o, string name):
                o[name] = replacement;
                break;
            case (JsonArray a, int i):
                a[i] = replacement;
                break;
            default:
                return new JsonObject { ["unexpected"] = replacement };
        }
        return body;
    }

    /// <summary>Puts null inside an array of the body, or makes every property of a nested object null.</summary>
    private static JsonNode NullInside(JsonNode body, Random random)
    {
        var arrays = Descendants(body).OfType<JsonArray>().ToList();
        var objects = Descendants(body).OfType<JsonObject>().Where(o => o != body).ToList();
        if (arrays.Count > 0 && (objects.Count == 0 || random.Next(2) == 0))
        {
            var array = arrays[random.Next(arrays.Count)];
            array.Insert(random.Next(array.Count + 1), null);
        }
        else if (objects.Count > 0)
        {
            var target = objects[random.Next(objects.Count)];
            foreach (var name in target.Select(p => p.Key).ToList())
                target[name] = null;
        }
        else if (body is JsonObject top)
        {
            foreach (var name in top.Select(p => p.Key).ToList())
                top[name] = new JsonArray((JsonNode?)null);
        }
        return body;
    }

    private static IEnumerable<(JsonNode Parent, object Key)> Nodes(JsonNode node)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var (name, child) in o.ToList())
                {
                    yield return (o, name);
                    if (child is not null)
                        foreach (var inner in Nodes(child))
                            yield return inner;
                }
                break;
            case JsonArray a:
                for (var i = 0; i < a.Count; i++)
                {
                    yield return (a, i);
                    if (a[i] is { } child)
                        foreach (var inner in Nodes(child))
                            yield return inner;
                }
                break;
        }
    }

    private static IEnumerable<JsonNode> Descendants(JsonNode node)
    {
        yield return node;
        IEnumerable<JsonNode?> children = node switch
        {
            JsonObject o => o.Select(p => p.Value),
            JsonArray a => a.AsEnumerable(),
            _ => [],
        };
        foreach (var child in children)
            if (child is not null)
                foreach (var inner in Descendants(child))
                    yield return inner;
    }

    private static T Pick<T>(Random random, IReadOnlyList<T> choices) => choices[random.Next(choices.Count)];

    private static Guid RandomGuid(Random random)
    {
        var bytes = new byte[16];
        random.NextBytes(bytes);
        return new Guid(bytes);
    }

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    /// <summary>FNV-1a: string.GetHashCode differs per process, and the requests must not.</summary>
    private static int StableHash(string text)
    {
        var hash = 2166136261;
        foreach (var c in text)
            hash = (hash ^ c) * 16777619;
        return (int)hash;
    }
}
