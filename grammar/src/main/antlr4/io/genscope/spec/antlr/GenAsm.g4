/*
 * GenAsm: a textual assembly language for Intel GEN command buffers. Commands and fields are named
 * exactly as the spec (GenSpec) names them; what the text leaves out is zero, what the spec fixes
 * (header opcodes) or can compute (DWord Length) is filled in.
 *
 *   .gen gen9                       # generation (or a platform: skl, tgl, ...)
 *   .engine render                  # engine the commands are for
 *   .org 0x10000 ppgtt              # address (and space) of what follows
 *
 *   start:
 *   MI_LOAD_REGISTER_IMM "Register Offset"=0x2580 "Data DWord"=0x10001
 *       "Register Offset"[0]=0x2584 "Data DWord"[0]=5    # repeated group, element 0
 *   PIPE_CONTROL "Post Sync Operation"="Write Immediate Data" "Address"=start+0x100
 *   3DSTATE_VERTEX_ELEMENTS "Element"[0]."Valid"=true "Element"[0]."Source Element Format"="R32G32B32_FLOAT"
 *   MI_NOOP @0=0x00000001          # dword 0 of this command exactly (raw escape, after the fields)
 *   .dword 0x05000000, 0           # raw dwords
 *
 * Whitespace and newlines only separate: a command's fields may continue on the following lines.
 * Comments run from '#' to the end of the line (kept on a hidden channel for tools).
 */
grammar GenAsm;

program       : statement* EOF ;

statement     : label
              | directive
              | command
              ;

label         : name=NAME ':' ;

directive     : '.gen' name=NAME                              # genDirective
              | '.engine' name=NAME                           # engineDirective
              | '.org' address=expr space=(GGTT | PPGTT)?     # orgDirective
              | '.dword' expr (',' expr)*                     # dwordDirective
              | DOTNAME (expr (',' expr)*)?                    # unknownDirective
              ;

command       : name=(NAME | STRING) item* ;

item          : fieldPath '=' value=expr                      # assignment
              | '@' dword=INT '=' value=expr                  # dwordOverride
              ;

// "Element"[0]."Valid": a field, its group indices, then fields of the struct it holds
fieldPath     : segment ('.' segment | dotted)* ;
segment       : name=(STRING | NAME) index* ;
dotted        : name=DOTNAME index* ;                         // .Valid written without quotes
index         : '[' INT ']' ;

expr          : '(' expr ')'                                  # parens
              | '-' expr                                      # negate
              | expr op='*' expr                              # product
              | expr op=('+' | '-') expr                      # sum
              | INT                                           # decimal
              | HEX                                           # hex
              | BIN                                           # binary
              | FLOATNUM                                      # floating
              | NAME                                          # symbol
              | STRING                                        # quoted
              ;

GGTT          : 'ggtt' ;
PPGTT         : 'ppgtt' ;
HEX           : '0' [xX] [0-9a-fA-F] [0-9a-fA-F_]* ;
BIN           : '0' [bB] [01] [01_]* ;
FLOATNUM      : [0-9]+ '.' [0-9]+ ([eE] [+-]? [0-9]+)?
              | [0-9]+ [eE] [+-]? [0-9]+
              ;
INT           : [0-9]+ ;
// command names may start with digits (3DSTATE_VF)
NAME          : [a-zA-Z_] [a-zA-Z0-9_]*
              | [0-9]+ [a-zA-Z_] [a-zA-Z0-9_]*
              ;
DOTNAME       : '.' [a-zA-Z_] [a-zA-Z0-9_]* ;
STRING        : '"' (~["\r\n\\] | '\\' ["\\])* '"' ;
COMMENT       : '#' ~[\r\n]* -> channel(HIDDEN) ;
WS            : [ \t\r\n\f]+ -> skip ;
// anything else becomes a token the parser reports with its position
OTHER         : . ;
