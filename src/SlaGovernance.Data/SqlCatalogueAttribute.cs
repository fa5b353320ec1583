namespace SlaGovernance.Data;

/// <summary>
/// Marks a class whose <c>const string</c> fields are SQL statement templates, so the always-on tests can render
/// every statement for SQL Server and parse it with ScriptDom.
/// </summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class SqlCatalogueAttribute : Attribute;
