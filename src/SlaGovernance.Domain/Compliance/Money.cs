namespace SlaGovernance.Domain.Compliance;

/// <summary>An amount in one ISO 4217 currency. Amounts in different currencies are never added together.</summary>
public sealed record Money
{
    public Money(decimal amount, string currency)
    {
        if (currency is not { Length: 3 } || !currency.All(char.IsAsciiLetterUpper))
            throw new ArgumentException($"Currency '{currency}' is not an ISO 4217 code: use three capital letters such as EUR or GBP.", nameof(currency));
        Amount = amount;
        Currency = currency;
    }

    public decimal Amount { get; }

    public string Currency { get; }

    public static Money operator +(Money left, Money right)
    {
        if (left.Currency != right.Currency)
            throw new InvalidOperationException(
                $"Cannot add {right.Currency} to {left.Currency}: amounts in different currencies are kept apart; use Money.TotalsByCurrency.");
        return new Money(left.Amount + right.Amount, left.Currency);
    }

    public Money PercentOf(decimal percent) => new(Amount * percent / 100m, Currency);

    /// <summary>One total per currency, ordered by currency code.</summary>
    public static IReadOnlyList<Money> TotalsByCurrency(IEnumerable<Money> amounts) =>
        [.. amounts.GroupBy(m => m.Currency, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new Money(g.Sum(m => m.Amount), g.Key))];

    public override string ToString() => $"{Amount} {Currency}";
}
