export * from './find-project.ts';
export * from './list-projects.ts';
export * from './create-project.ts';
export * from './update-project.ts';
