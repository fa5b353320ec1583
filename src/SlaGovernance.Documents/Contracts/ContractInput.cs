using SlaGovernance.Domain.Agreements;
using SlaGovernance.Domain.Clauses;

namespace SlaGovernance.Documents.Contracts;

/// <summary>
/// What the contract of one approved agreement version is printed from. <paramref name="ContentHash"/> is the hash stored
/// with the version; it must match <paramref name="Content"/>, since the footer of every page vouches for it.
/// </summary>
/// <param name="BuyerName">The organisation that buys the service.</param>
/// <param name="ProviderName">The vendor, or for an internal SLA or OLA the team that provides the service.</param>
/// <param name="ProviderContact">The provider's contact for this agreement.</param>
/// <param name="GeneratedAt">When the document is generated; printed in the agreement's zone and in UTC.</param>
/// <param name="Clauses">The content's clauses as they read, in the same order: library versions with their placeholders filled
/// from the clause library, which this project cannot read. Without them a library clause is cited by id and version.</param>
public sealed record ContractInput(
    AgreementContent Content,
    int Version,
    string ContentHash,
    string BuyerName,
    string ProviderName,
    string ProviderContact,
    DateTimeOffset GeneratedAt,
    IReadOnlyList<RenderedClause>? Clauses = null);
