using Dapper;
using SlaGovernance.Domain.Vendors;

namespace SlaGovernance.Data.Vendors;

[SqlCatalogue]
internal static class VendorContactSql
{
    public const string OfVendor = """
        SELECT id, vendor_id, role, name, email, phone FROM vendor_contacts WHERE vendor_id = @VendorId ORDER BY updated_at, id
        """;

    public const string Insert = """
        INSERT INTO vendor_contacts (id, vendor_id, role, name, email, phone, updated_by, updated_at)
        VALUES (@Id, @VendorId, @Role, @Name, @Email, @Phone, @UpdatedBy, @UpdatedAt)
        """;

    public const string Update = """
        UPDATE vendor_contacts SET role = @Role, name = @Name, email = @Email, phone = @Phone, updated_by = @UpdatedBy, updated_at = @UpdatedAt
        WHERE id = @Id AND vendor_id = @VendorId
        """;

    public const string Delete = "DELETE FROM vendor_contacts WHERE id = @Id AND vendor_id = @VendorId";
}

/// <summary>A vendor's contacts by role, oldest first, so the first recorded of a role is the one letters go to.</summary>
public sealed class VendorContactStore(Database database)
{
    private sealed class ContactRow
    {
        public Guid Id { get; init; }
        public Guid VendorId { get; init; }
        public string Role { get; init; } = "";
        public string Name { get; init; } = "";
        public string Email { get; init; } = "";
        public string? Phone { get; init; }
    }

    public async Task<IReadOnlyList<VendorContact>> OfVendorAsync(Guid vendorId, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<ContactRow>(new CommandDefinition(database.Sql(VendorContactSql.OfVendor), new { VendorId = vendorId },
            cancellationToken: cancellationToken));
        return rows.Select(r => new VendorContact(r.Id, r.VendorId, Enum.Parse<VendorContactRole>(r.Role), r.Name, r.Email, r.Phone)).ToList();
    }

    public Task InsertAsync(UnitOfWork unit, VendorContact contact, string actor, DateTimeOffset at, CancellationToken cancellationToken = default) =>
        unit.Connection.ExecuteAsync(new CommandDefinition(unit.Sql(VendorContactSql.Insert), Parameters(contact, actor, at), unit.Transaction,
            cancellationToken: cancellationToken));

    public async Task<bool> UpdateAsync(UnitOfWork unit, VendorContact contact, string actor, DateTimeOffset at, CancellationToken cancellationToken = default) =>
        await unit.Connection.ExecuteAsync(new CommandDefinition(unit.Sql(VendorContactSql.Update), Parameters(contact, actor, at), unit.Transaction,
            cancellationToken: cancellationToken)) == 1;

    public async Task<bool> DeleteAsync(UnitOfWork unit, Guid vendorId, Guid id, CancellationToken cancellationToken = default) =>
        await unit.Connection.ExecuteAsync(new CommandDefinition(unit.Sql(VendorContactSql.Delete), new { Id = id, VendorId = vendorId }, unit.Transaction,
            cancellationToken: cancellationToken)) == 1;

    private static object Parameters(VendorContact contact, string actor, DateTimeOffset at) => new
    {
        contact.Id, contact.VendorId, Role = contact.Role.ToString(), contact.Name, contact.Email, contact.Phone, UpdatedBy = actor, UpdatedAt = at,
    };
}
