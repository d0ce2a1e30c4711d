// The message of an error, for notices in the entity views.
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
