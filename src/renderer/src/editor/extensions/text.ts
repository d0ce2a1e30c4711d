/** Plain inline text, the only inline content a block holds (entity marks sit on it). */
import { Node } from '@tiptap/core';

export const Text = Node.create({
  name: 'text',
  group: 'inline',
});
