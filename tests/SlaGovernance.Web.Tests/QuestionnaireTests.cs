using System.Text.Json;
using NodaTime;
using SlaGovernance.Tests;
using SlaGovernance.Web.Features.Assessments;

namespace SlaGovernance.Web.Tests;

/// <summary>
/// The questionnaires of due diligence are data checked at start-up like the workflow definitions: the shipped files load, and a file with an
/// unknown answer type, a duplicate question id, weights that do not sum to 100 or a misnamed file is refused with its path; answers are
/// checked against their question's type.
/// </summary>
public sealed class QuestionnaireTests
{
    private const string Valid = """
        { "id": "legal", "version": 2, "title": "Legal review",
          "questions": [
            { "id": "dpa", "text": "Is a DPA signed?", "type": "yesNo", "weight": 60, "required": true },
            { "id": "rating", "text": "Rating", "type": "choice", "weight": 40,
              "options": [ { "value": "a", "label": "A", "score": 1 }, { "value": "b", "label": "B", "score": 0.5 } ] },
            { "id": "notes", "text": "Notes", "type": "text", "weight": 0 }
          ] }
        """;

    private static string Folder => Path.Combine(TestEnvironment.RepositoryRoot(), "workflows", QuestionnaireCatalogue.Folder);

    [Fact]
    public void The_shipped_questionnaires_load_one_for_each_review()
    {
        var catalogue = new QuestionnaireCatalogue();
        var loaded = catalogue.Load(Folder);
        Assert.Equal(["finance@1", "information-security@1", "legal@1", "vendor-manager@1"], loaded.Select(q => q.Key).Order(StringComparer.Ordinal));
        Assert.All(loaded, q => Assert.Equal(100, q.Questions.Sum(x => x.Weight)));
    }

    [Fact]
    public void A_valid_file_parses()
    {
        var (questionnaire, problems) = QuestionnaireCatalogue.Parse("workflows/questionnaires/legal.v2.json", Valid);
        Assert.Empty(problems);
        Assert.Equal(3, questionnaire!.Questions.Count);
    }

    [Theory]
    [InlineData("\"type\": \"yesNo\", \"weight\": 60", "\"type\": \"maybe\", \"weight\": 60", "$.questions[0].type", "'maybe' is not an answer type")]
    [InlineData("\"id\": \"rating\"", "\"id\": \"dpa\"", "$.questions[1].id", "used twice")]
    [InlineData("\"weight\": 40", "\"weight\": 30", "$.questions", "sum to 90")]
    [InlineData("\"type\": \"text\", \"weight\": 0", "\"type\": \"text\", \"weight\": 5", "$.questions[2].weight", "not scored")]
    [InlineData("\"score\": 0.5", "\"score\": 2", "$.questions[1].options[1].score", "from 0")]
    [InlineData("\"version\": 2", "\"version\": 3", "$", "name it legal.v3.json")]
    [InlineData("\"id\": \"legal\"", "\"id\": \"marketing\"", "$.id", "not a review of due diligence")]
    public void A_bad_file_is_refused_with_its_path_and_rule(string find, string replace, string path, string rule)
    {
        var (questionnaire, problems) = QuestionnaireCatalogue.Parse("workflows/questionnaires/legal.v2.json", Valid.Replace(find, replace, StringComparison.Ordinal));
        Assert.Null(questionnaire);
        Assert.Contains(problems, p => p.Path == path && p.Rule.Contains(rule, StringComparison.Ordinal));
    }

    [Fact]
    public void Start_up_is_refused_when_a_file_is_bad_or_a_review_has_no_questionnaire()
    {
        var folder = Directory.CreateTempSubdirectory("slagov-questionnaires-").FullName;
        try
        {
            foreach (var file in Directory.GetFiles(Folder))
                File.Copy(file, Path.Combine(folder, Path.GetFileName(file)));
            File.Delete(Path.Combine(folder, "finance.v1.json"));
            File.WriteAllText(Path.Combine(folder, "legal.v2.json"), Valid.Replace("\"weight\": 40", "\"weight\": 30", StringComparison.Ordinal));
            var refused = Assert.Throws<QuestionnaireException>(() => new QuestionnaireCatalogue().Load(folder));
            Assert.Contains(refused.Problems, p => p.File == "workflows/questionnaires/legal.v2.json" && p.Rule.Contains("sum to 90", StringComparison.Ordinal));
            Assert.Contains(refused.Problems, p => p.Rule.Contains("No questionnaire for the Finance review", StringComparison.Ordinal));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void Answers_are_checked_against_their_question_types_and_scored()
    {
        var (questionnaire, _) = QuestionnaireCatalogue.Parse("workflows/questionnaires/legal.v2.json", Valid);
        var today = new LocalDate(2027, 1, 4);
        using var bad = JsonDocument.Parse("""{ "dpa": true, "rating": "c", "extra": 1 }""");
        var (_, errors) = QuestionnaireAnswers.Check(questionnaire!, bad.RootElement, today, _ => false, new HashSet<string>());
        Assert.Equal(["answers.dpa", "answers.extra", "answers.rating"], errors.ToDictionary().Keys.Order(StringComparer.Ordinal));
        using var good = JsonDocument.Parse("""{ "dpa": "yes", "rating": "b", "notes": "fine" }""");
        var (answers, none) = QuestionnaireAnswers.Check(questionnaire!, good.RootElement, today, _ => false, new HashSet<string>());
        Assert.True(none.IsValid);
        Assert.Equal(80, QuestionnaireAnswers.Score(questionnaire!, answers));
    }
}
