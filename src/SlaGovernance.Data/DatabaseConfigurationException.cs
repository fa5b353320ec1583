namespace SlaGovernance.Data;

/// <summary>The database settings are wrong or the database cannot be reached; the message names the setting.</summary>
public sealed class DatabaseConfigurationException(string message, Exception? inner = null) : Exception(message, inner);
