using Microsoft.AspNetCore.Identity;
using SlaGovernance.Data.Identity;

namespace SlaGovernance.Web.Identity;

/// <summary>ASP.NET Core's PBKDF2 password hasher.</summary>
public sealed class PasswordHashing
{
    private readonly PasswordHasher<UserRow> _hasher = new();

    public string Hash(string password) => _hasher.HashPassword(null!, password);

    public bool Verify(string? hash, string password) =>
        hash is not null && _hasher.VerifyHashedPassword(null!, hash, password) != PasswordVerificationResult.Failed;
}
