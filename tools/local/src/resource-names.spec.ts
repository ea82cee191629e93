import { localResourceNames } from './resource-names';

describe('localResourceNames', () => {
  it("names every table and bucket variable of the apps' deploy.json after the variable", () => {
    // act
    const names = localResourceNames({ tables: ['NOTES_TABLE'], buckets: ['NOTE_FILES_BUCKET'] });

    // assess
    expect(names).toEqual({ NOTES_TABLE: 'notes-table', NOTE_FILES_BUCKET: 'note-files-bucket' });
  });
});
