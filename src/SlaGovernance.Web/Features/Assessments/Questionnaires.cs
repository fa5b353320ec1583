using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using NodaTime;
using SlaGovernance.Domain.Validation;
using SlaGovernance.Domain.Vendors;
using SlaGovernance.Workflows.Definitions;

namespace SlaGovernance.Web.Features.Assessments;

/// <summary>The kinds of answer a question takes.</summary>
public static class AnswerTypes
{
    public const string YesNo = "yesNo";
    public const string Choice = "choice";
    public const string Number = "number";
    public const string Text = "text";
    public const string Date = "date";
    public const string Evidence = "evidence";

    public static readonly IReadOnlyList<string> All = [YesNo, Choice, Number, Text, Date, Evidence];

    public static string Describe(string type) => type switch
    {
        YesNo => "\"yes\" or \"no\"",
        Choice => "one of the question's option values",
        Number => "a number",
        Text => "text",
        Date => "a date (yyyy-mm-dd)",
        _ => "the id of an evidence file of this vendor, or a file sent under the question's id",
    };
}

public sealed record QuestionOption(string Value, string Label, decimal Score);

/// <summary>
/// One question: its answer type, its weight in the review's score (the scored questions' weights sum to 100) and how an answer scores
/// (0 to 1): yes/no by the good answer, a choice by its option's score, a number within passAtMost/passAtLeast, a date within
/// withinMonths before the day it is answered, an evidence question by a file given. Text scores nothing.
/// </summary>
public sealed record Question(string Id, string Text, string Type, int Weight, bool Required, string? Help, string Good, IReadOnlyList<QuestionOption> Options,
    decimal? Min, decimal? Max, decimal? PassAtMost, decimal? PassAtLeast, int? WithinMonths);

public sealed record Questionnaire(string Id, int Version, string Title, ReviewArea Area, IReadOnlyList<Question> Questions, string File)
{
    public string Key => $"{Id}@{Version}";
}

/// <summary>Questionnaire files that cannot be loaded; start-up stops with every problem listed.</summary>
public sealed class QuestionnaireException(IReadOnlyList<DefinitionProblem> problems)
    : Exception("Questionnaires cannot be loaded:" + Environment.NewLine + string.Join(Environment.NewLine, problems.Select(p => "  " + p)))
{
    public IReadOnlyList<DefinitionProblem> Problems { get; } = problems;
}

/// <summary>
/// The questionnaires of due diligence, read from workflows/questionnaires/{id}.v{version}.json at start-up (Assessments:QuestionnairesFolder
/// names another folder; by default the one shipped beside the application, whatever folder the definitions come from) and checked like the workflow
/// definitions: a file with an unknown answer type, a duplicate question id or scored weights that do not sum to 100 stops start-up.
/// An assessment keeps the versions that were latest when it started.
/// </summary>
public sealed partial class QuestionnaireCatalogue
{
    public const string Folder = "questionnaires";

    private Dictionary<string, Questionnaire> _byKey = [];

    [GeneratedRegex("^(?<id>[a-z][a-z0-9-]*)\\.v(?<version>[1-9][0-9]*)\\.json$")]
    private static partial Regex FileName();

    [GeneratedRegex("^[a-z][A-Za-z0-9]*$")]
    private static partial Regex QuestionId();

    public IReadOnlyList<Questionnaire> All => [.. _byKey.Values.OrderBy(q => q.Id, StringComparer.Ordinal).ThenBy(q => q.Version)];

    public Questionnaire? Find(string id, int version) => _byKey.GetValueOrDefault($"{id}@{version}");

    /// <summary>The latest version of each area's questionnaire.</summary>
    public Questionnaire Latest(ReviewArea area) => _byKey.Values.Where(q => q.Area == area).MaxBy(q => q.Version)
        ?? throw new InvalidOperationException($"No questionnaire is loaded for {area.Label}.");

    /// <summary>Loads every questionnaire file of <paramref name="directory"/>; throws <see cref="QuestionnaireException"/> listing every problem.</summary>
    public IReadOnlyList<Questionnaire> Load(string directory)
    {
        var loaded = new List<Questionnaire>();
        var problems = new List<DefinitionProblem>();
        var files = Directory.Exists(directory) ? Directory.GetFiles(directory, "*.json").Order(StringComparer.Ordinal).ToList() : [];
        foreach (var path in files)
        {
            var file = $"workflows/{Folder}/{Path.GetFileName(path)}";
            var (questionnaire, fileProblems) = Parse(file, File.ReadAllText(path));
            problems.AddRange(fileProblems);
            if (questionnaire is not null)
                loaded.Add(questionnaire);
        }
        foreach (var area in ReviewArea.All.Where(a => loaded.All(q => q.Area != a)))
            problems.Add(new DefinitionProblem($"workflows/{Folder}/{area.Questionnaire}.v1.json", "$",
                $"No questionnaire for the {area.Label} review; each of the four reviews of due diligence answers one."));
        if (problems.Count > 0)
            throw new QuestionnaireException(problems);
        _byKey = loaded.ToDictionary(q => q.Key, StringComparer.Ordinal);
        return loaded;
    }

    /// <summary>Reads one questionnaire file; its problems name the file, the JSON path and the rule.</summary>
    public static (Questionnaire? Questionnaire, IReadOnlyList<DefinitionProblem> Problems) Parse(string file, string content)
    {
        var problems = new List<DefinitionProblem>();
        void Problem(string path, string rule) => problems.Add(new DefinitionProblem(file, path, rule));
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(content, new JsonDocumentOptions { AllowTrailingCommas = false, CommentHandling = JsonCommentHandling.Disallow });
        }
        catch (JsonException e)
        {
            Problem($"$ (line {e.LineNumber + 1})", $"Not valid JSON: {e.Message}");
            return (null, problems);
        }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                Problem("$", "A questionnaire is a JSON object with id, version, title and questions.");
                return (null, problems);
            }
            var id = String(root, "id");
            var version = root.TryGetProperty("version", out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out var n) && n >= 1 ? n : (int?)null;
            var title = String(root, "title");
            var area = ReviewArea.Find(id);
            if (area is null)
                Problem("$.id", $"'{id}' is not a review of due diligence; use one of {string.Join(", ", ReviewArea.All.Select(a => a.Questionnaire))}.");
            if (version is null)
                Problem("$.version", "Give the version, a whole number from 1; raise it whenever the questions change.");
            if (string.IsNullOrWhiteSpace(title))
                Problem("$.title", "Give the questionnaire a title, as reviewers read it.");
            var name = FileName().Match(Path.GetFileName(file));
            if (!name.Success || name.Groups["id"].Value != id || name.Groups["version"].Value != version?.ToString(CultureInfo.InvariantCulture))
                Problem("$", $"The file is named {Path.GetFileName(file)}; name it {id}.v{version}.json after its id and version.");
            var questions = new List<Question>();
            if (!root.TryGetProperty("questions", out var list) || list.ValueKind != JsonValueKind.Array || list.GetArrayLength() == 0)
                Problem("$.questions", "List the questions, at least one.");
            else
            {
                var seen = new HashSet<string>(StringComparer.Ordinal);
                var i = 0;
                foreach (var q in list.EnumerateArray())
                {
                    var path = $"$.questions[{i++}]";
                    if (ParseQuestion(q, path, Problem) is not { } question)
                        continue;
                    if (!seen.Add(question.Id))
                        Problem($"{path}.id", $"The question id '{question.Id}' is used twice; question ids must be unique.");
                    questions.Add(question);
                }
                var total = questions.Sum(q => q.Weight);
                if (problems.Count == 0 && total != 100)
                    Problem("$.questions", $"The scored questions' weights sum to {total}; they must sum to 100 so the review scores 0 to 100.");
            }
            return problems.Count == 0 ? (new Questionnaire(id!, version!.Value, title!, area!, questions, file), problems) : (null, problems);
        }
    }

    private static Question? ParseQuestion(JsonElement q, string path, Action<string, string> problem)
    {
        if (q.ValueKind != JsonValueKind.Object)
        {
            problem(path, "A question is an object with id, text, type and weight.");
            return null;
        }
        var before = 0;
        var count = 0;
        void Problem(string at, string rule)
        {
            count++;
            problem(at, rule);
        }
        var id = String(q, "id");
        if (id is null || !QuestionId().IsMatch(id))
            Problem($"{path}.id", $"'{id}' is not a question id; use letters and digits starting with a lower-case letter, e.g. 'encryptionAtRest'.");
        var text = String(q, "text");
        if (string.IsNullOrWhiteSpace(text))
            Problem($"{path}.text", "Give the question's text, as the reviewer reads it.");
        var type = String(q, "type");
        if (type is null || !AnswerTypes.All.Contains(type, StringComparer.Ordinal))
            Problem($"{path}.type", $"'{type}' is not an answer type; use one of {string.Join(", ", AnswerTypes.All)}.");
        var weight = 0;
        if (q.TryGetProperty("weight", out var w) && !(w.ValueKind == JsonValueKind.Number && w.TryGetInt32(out weight) && weight >= 0))
            Problem($"{path}.weight", "The weight is a whole number from 0 (not scored); the scored weights sum to 100.");
        var required = q.TryGetProperty("required", out var r) && r.ValueKind == JsonValueKind.True;
        var good = String(q, "good") ?? "yes";
        var options = new List<QuestionOption>();
        decimal? Number(string field)
        {
            if (!q.TryGetProperty(field, out var e))
                return null;
            if (e.ValueKind == JsonValueKind.Number && e.TryGetDecimal(out var d))
                return d;
            Problem($"{path}.{field}", $"{field} is a number.");
            return null;
        }
        var min = Number("min");
        var max = Number("max");
        var passAtMost = Number("passAtMost");
        var passAtLeast = Number("passAtLeast");
        var withinMonths = Number("withinMonths");
        switch (type)
        {
            case AnswerTypes.YesNo when good is not ("yes" or "no"):
                Problem($"{path}.good", $"'{good}' is not an answer to a yes/no question; the good answer is \"yes\" or \"no\".");
                break;
            case AnswerTypes.Choice:
                if (!q.TryGetProperty("options", out var o) || o.ValueKind != JsonValueKind.Array || o.GetArrayLength() < 2)
                {
                    Problem($"{path}.options", "A choice lists at least two options, each with value, label and score (0 to 1).");
                    break;
                }
                var j = 0;
                foreach (var option in o.EnumerateArray())
                {
                    var at = $"{path}.options[{j++}]";
                    var value = option.ValueKind == JsonValueKind.Object ? String(option, "value") : null;
                    var label = option.ValueKind == JsonValueKind.Object ? String(option, "label") : null;
                    decimal score = 0;
                    if (string.IsNullOrWhiteSpace(value) || string.IsNullOrWhiteSpace(label))
                        Problem(at, "An option has a value (what the answer sends) and a label (what the reviewer reads).");
                    else if (options.Any(x => x.Value == value))
                        Problem($"{at}.value", $"The option value '{value}' is used twice; option values must be unique.");
                    if (!option.TryGetProperty("score", out var s) || !s.TryGetDecimal(out score) || score is < 0 or > 1)
                        Problem($"{at}.score", "An option's score is a number from 0 (no control) to 1 (full control).");
                    options.Add(new QuestionOption(value ?? "", label ?? "", score));
                }
                break;
            case AnswerTypes.Number:
                if (min is { } lo && max is { } hi && lo > hi)
                    Problem($"{path}.min", $"min {lo} is above max {hi}.");
                if (weight > 0 && passAtMost is null && passAtLeast is null)
                    Problem($"{path}.weight", "A scored number says when it passes: passAtMost or passAtLeast.");
                break;
            case AnswerTypes.Date when weight > 0 && withinMonths is not (>= 1 and <= 120):
                Problem($"{path}.withinMonths", "A scored date says how recent it must be: withinMonths, 1 to 120.");
                break;
            case AnswerTypes.Text when weight > 0:
                Problem($"{path}.weight", "A text answer is not scored; give it weight 0.");
                break;
        }
        return count > before ? null : new Question(id!, text!, type!, weight, required, String(q, "help"), good, options, min, max, passAtMost, passAtLeast,
            (int?)withinMonths);
    }

    private static string? String(JsonElement e, string name) =>
        e.TryGetProperty(name, out var p) && p.ValueKind == JsonValueKind.String ? p.GetString() : null;
}

/// <summary>An answer as checked and stored: the JSON value sent, the evidence file it names, its score 0 to 1.</summary>
public sealed record CheckedAnswer(string QuestionId, JsonElement Value, Guid? EvidenceFileId, decimal Score);

/// <summary>Checks a review's answers against their questions' types and scores them.</summary>
public static class QuestionnaireAnswers
{
    public const int MaxText = 4000;

    /// <summary>
    /// Each answer against its question: the errors name "answers.{questionId}"; an answer to no question, a missing required answer, or a value
    /// of the wrong type refuses the review. Evidence answers name a file id <paramref name="evidenceOfVendor"/> knows, or one sent with the review.
    /// </summary>
    public static (IReadOnlyList<CheckedAnswer> Answers, ValidationErrors Errors) Check(Questionnaire questionnaire, JsonElement? answers, LocalDate today,
        Func<Guid, bool> evidenceOfVendor, IReadOnlySet<string> filesSent)
    {
        var errors = new ValidationErrors();
        var result = new List<CheckedAnswer>();
        var given = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        if (answers is { ValueKind: JsonValueKind.Object } obj)
            foreach (var p in obj.EnumerateObject())
                given[p.Name] = p.Value;
        else if (answers is { ValueKind: not (JsonValueKind.Null or JsonValueKind.Undefined) })
            errors.Add("answers", "Send the answers as an object: {\"questionId\": answer, …}.");
        foreach (var unknown in given.Keys.Where(k => questionnaire.Questions.All(q => q.Id != k)))
            errors.Add($"answers.{unknown}", $"{questionnaire.Title} (version {questionnaire.Version}) has no question '{unknown}'.");
        foreach (var question in questionnaire.Questions)
        {
            var field = $"answers.{question.Id}";
            var present = given.TryGetValue(question.Id, out var value) && value.ValueKind != JsonValueKind.Null;
            if (!present && question.Type == AnswerTypes.Evidence && filesSent.Contains(question.Id))
            {
                result.Add(new CheckedAnswer(question.Id, default, null, 1));
                continue;
            }
            if (!present)
            {
                if (question.Required)
                    errors.Add(field, $"'{question.Text}' needs an answer: {AnswerTypes.Describe(question.Type)}.");
                continue;
            }
            var wrong = $"'{question.Text}' takes {AnswerTypes.Describe(question.Type)}; {Shown(value)} is not.";
            switch (question.Type)
            {
                case AnswerTypes.YesNo:
                    if (value.ValueKind == JsonValueKind.String && value.GetString() is "yes" or "no")
                        result.Add(new CheckedAnswer(question.Id, value, null, value.GetString() == question.Good ? 1 : 0));
                    else
                        errors.Add(field, wrong);
                    break;
                case AnswerTypes.Choice:
                    var option = value.ValueKind == JsonValueKind.String ? question.Options.FirstOrDefault(o => o.Value == value.GetString()) : null;
                    if (option is null)
                        errors.Add(field, $"'{question.Text}' takes one of {string.Join(", ", question.Options.Select(o => $"\"{o.Value}\" ({o.Label})"))}; {Shown(value)} is not.");
                    else
                        result.Add(new CheckedAnswer(question.Id, value, null, option.Score));
                    break;
                case AnswerTypes.Number:
                    if (value.ValueKind != JsonValueKind.Number || !value.TryGetDecimal(out var number))
                        errors.Add(field, wrong);
                    else if (question.Min is { } min && number < min || question.Max is { } max && number > max)
                        errors.Add(field, $"'{question.Text}' takes a number from {question.Min?.ToString(CultureInfo.InvariantCulture) ?? "any"} to " +
                                          $"{question.Max?.ToString(CultureInfo.InvariantCulture) ?? "any"}; {number.ToString(CultureInfo.InvariantCulture)} is outside.");
                    else
                        result.Add(new CheckedAnswer(question.Id, value, null,
                            (question.PassAtMost is not { } most || number <= most) && (question.PassAtLeast is not { } least || number >= least) ? 1 : 0));
                    break;
                case AnswerTypes.Text:
                    if (value.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(value.GetString()))
                        errors.Add(field, wrong);
                    else if (value.GetString()!.Length > MaxText)
                        errors.Add(field, $"At most {MaxText} characters (it has {value.GetString()!.Length}).");
                    else
                        result.Add(new CheckedAnswer(question.Id, value, null, 0));
                    break;
                case AnswerTypes.Date:
                    if (value.ValueKind != JsonValueKind.String
                        || !DateOnly.TryParseExact(value.GetString(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
                        errors.Add(field, wrong);
                    else if (LocalDate.FromDateOnly(date) > today)
                        errors.Add(field, $"'{question.Text}': {date:yyyy-MM-dd} is after today ({today:yyyy-MM-dd}); give the day it happened.");
                    else
                        result.Add(new CheckedAnswer(question.Id, value, null,
                            question.WithinMonths is { } months && LocalDate.FromDateOnly(date) >= today.PlusMonths(-months) ? 1 : 0));
                    break;
                case AnswerTypes.Evidence:
                    if (value.ValueKind != JsonValueKind.String || !Guid.TryParse(value.GetString(), out var fileId))
                        errors.Add(field, wrong);
                    else if (!evidenceOfVendor(fileId))
                        errors.Add(field, $"No evidence file {fileId} belongs to this vendor; upload it first or send it with the review under '{question.Id}'.");
                    else
                        result.Add(new CheckedAnswer(question.Id, value, fileId, 1));
                    break;
            }
        }
        return (result, errors);
    }

    /// <summary>The review's score, 0 to 100: each scored question's weight times its answer's score.</summary>
    public static int Score(Questionnaire questionnaire, IReadOnlyList<CheckedAnswer> answers) =>
        (int)Math.Round(questionnaire.Questions.Sum(q => q.Weight * (answers.FirstOrDefault(a => a.QuestionId == q.Id)?.Score ?? 0)), MidpointRounding.AwayFromZero);

    private static string Shown(JsonElement value)
    {
        var raw = value.GetRawText();
        return raw.Length > 60 ? raw[..60] + "…" : raw;
    }
}
