using Microsoft.AspNetCore.Http.HttpResults;
using NodaTime;
using SlaGovernance.Web.Identity;

namespace SlaGovernance.Web.Features.Compliance;

public static class ComplianceApi
{
    private const string Example = """
        Example: what would October 2026 have cost, with two outages and a maintenance window?

        ```json
        {
          "timeZone": "Europe/Berlin",
          "period": { "month": "2026-10" },
          "monthlyFee": 12500, "currency": "EUR", "creditCapPercent": 30,
          "creditTiers": [ { "belowPercent": 99.9, "creditPercent": 5 }, { "belowPercent": 99.5, "creditPercent": 10 } ],
          "excludedTime": "CountsAsAvailable",
          "exclusions": [ { "type": "ForceMajeure", "from": "2026-10-12T08:00:00Z", "to": "2026-10-12T09:00:00Z" } ],
          "maintenanceWindows": [ { "day": "Sunday", "start": "02:00", "durationMinutes": 120 } ],
          "businessHours": { "start": "08:00", "end": "18:00", "holidays": [ "2026-10-03" ] },
          "discrepancyTolerancePoints": 0.01,
          "slos": [
            { "name": "Customer portal", "kind": "availability", "targetPercent": 99.9,
              "outages": [ { "from": "2026-10-05T10:00:00Z", "to": "2026-10-05T10:50:00Z" } ], "burnRateLookBackMinutes": [ 60, 360 ],
              "vendorReportedPercent": 99.95 },
            { "name": "Service desk", "kind": "responseTime", "targetPercent": 95, "businessHoursOnly": true,
              "targetMinutesByPriority": { "P1": 15, "P2": 60 },
              "tickets": [ { "id": "T-1", "priority": "P1", "created": "2026-10-06T09:00:00Z", "firstResponse": "2026-10-06T09:10:00Z" } ],
              "creditTiers": [ { "belowPercent": 95, "creditPercent": 2 } ] },
            { "name": "CSAT", "kind": "ratio", "targetPercent": 90, "good": 180, "total": 200, "creditTiers": [] }
          ]
        }
        ```
        """;

    public static RouteGroupBuilder MapComplianceApi(this RouteGroupBuilder api)
    {
        api.MapPost("/compliance/evaluate", Evaluate).WithTags("Compliance").WithName("EvaluateCompliance").RequireAuthorization(Policies.Reader)
            .WithSummary("Stateless calculator: an agreement's terms and raw data in; attainment, credits and error budgets out; nothing stored")
            .WithDescription("Kinds of SLO: availability (outages), responseTime and resolutionTime (tickets against minutes per priority, " +
                             "in business hours when businessHoursOnly), ratio (good and total counts: CSAT, throughput, custom ratios). " +
                             "The most severe credit tier whose threshold the attainment falls below applies per SLO (the request's tiers, or the SLO's own " +
                             "creditTiers, an empty list for none); the cap limits the total. " +
                             "Give vendorReportedPercent per SLO to compare the vendor's own figure: the difference is reported in percentage points and " +
                             "flagged beyond discrepancyTolerancePoints (default 0.01). Invalid input answers 400 with the field of each problem.\n\n" + Example);
        return api;
    }

    private static Results<Ok<EvaluationResult>, ValidationProblem> Evaluate(EvaluationRequest request, TimeProvider time)
    {
        var (result, errors) = ComplianceEvaluation.Evaluate(request, Instant.FromDateTimeOffset(time.GetUtcNow()));
        return result is null ? TypedResults.ValidationProblem(errors.ToDictionary()) : TypedResults.Ok(result);
    }
}
