using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.Repositories;
using SlaGovernance.Data.Protection;

namespace SlaGovernance.Web.Identity;

/// <summary>Keeps the Data Protection key ring in the database, so cookies survive restarts and work on every node.</summary>
public sealed class DatabaseXmlRepository(DataProtectionKeyStore store) : IXmlRepository
{
    public IReadOnlyCollection<XElement> GetAllElements() => store.All().Select(XElement.Parse).ToList();

    public void StoreElement(XElement element, string friendlyName) =>
        store.Add(friendlyName, element.ToString(SaveOptions.DisableFormatting));
}
